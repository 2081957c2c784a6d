previous build of backbone.iosync.js
