// backbone.iobind as an ES module: both bundles, which patch the Backbone that `backbone` resolves to, the default
// export. They load as CommonJS (Node and bundlers share one Backbone between the two worlds), so they are not
// copied into a second, ES flavour of the library.
import Backbone from 'backbone';
import './backbone.iosync.js';
import './backbone.iobind.js';

export default Backbone;
