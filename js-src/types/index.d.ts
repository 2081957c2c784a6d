// backbone.iobind, both bundles: `require('backbone.iobind')` returns Backbone with sync over socket.io and ioBind.
import Backbone = require('backbone');
import './backbone.iosync';
import './backbone.iobind';

export = Backbone;
