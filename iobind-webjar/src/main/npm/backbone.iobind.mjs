// backbone.iobind alone, as an ES module: the bundle patches the Backbone that `backbone` resolves to, the default export.
import Backbone from 'backbone';
import './backbone.iobind.js';

export default Backbone;
