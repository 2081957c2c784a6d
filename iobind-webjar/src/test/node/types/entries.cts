// The package's CommonJS entries under Node's own module resolution: each returns the augmented Backbone.
import Backbone = require('backbone.iobind');
import IoSync = require('backbone.iobind/iosync');
import IoBind = require('backbone.iobind/iobind');
import Core = require('backbone');

const same: typeof Core = Backbone;
const todos: Core.Collection = new IoBind.Collection();
todos.ioBind('create', (attrs: object) => attrs).fetch({timeout: 1000});
const versions: string[] = [Backbone.ioSyncVersion, IoSync.ioSyncVersion, todos.ioBindVersion, String(same === Backbone)];
console.log(versions);
