// backbone.iosync alone, as an ES module: the bundle patches the Backbone that `backbone` resolves to, the default export.
import Backbone from 'backbone';
import './backbone.iosync.js';

export default Backbone;
