// The package's ES module entries under Node's own module resolution: each default-exports the augmented Backbone.
import Backbone from 'backbone.iobind';
import IoSync from 'backbone.iobind/iosync';
import IoBind from 'backbone.iobind/iobind';
import Core from 'backbone';

const same: typeof Core = Backbone;
const todo: Backbone.Model = new IoBind.Model({id: 7});
todo.ioBind('update', todo.set, todo).save({done: true}, {patch: true, timeout: 1000});
const codeOf = (error: Backbone.IoSyncError): Backbone.IoSyncErrorCode => error.code;
const versions: string[] = [IoSync.ioSyncVersion, todo.ioBindVersion, String(same === Backbone), String(codeOf)];
console.log(versions);
