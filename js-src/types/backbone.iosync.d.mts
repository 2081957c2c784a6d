// The ES module entry's types: the same augmentation, Backbone as the default export.
import Backbone from 'backbone';
import './backbone.iosync.js';

export default Backbone;
