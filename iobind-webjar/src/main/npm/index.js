'use strict';
// backbone.iobind for CommonJS: both bundles (Backbone.sync over socket.io, and ioBind); exports Backbone, as each does.
require('./backbone.iosync.js');
module.exports = require('./backbone.iobind.js');
