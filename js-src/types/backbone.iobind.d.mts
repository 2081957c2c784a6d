// The ES module entry's types: the same augmentation, Backbone as the default export.
import Backbone from 'backbone';
import './backbone.iobind.js';

export default Backbone;
