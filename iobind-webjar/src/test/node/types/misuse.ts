// Wrong uses of the typed API: each line must be a type error (tsc fails on an @ts-expect-error that is not one).
import Backbone from 'backbone';
import 'backbone.iobind';

const todo = new Backbone.Model({id: 1});
const todos = new Backbone.Collection();
const socket: Backbone.IoSocket = {emit: () => true, on: () => true};
const elsewhere = {count: 0};

// @ts-expect-error Backbone's own event names cannot be bound
todo.ioBind('change', () => undefined);
// @ts-expect-error nor change:<attribute>
todo.ioBind('change:title');
// @ts-expect-error nor on a collection
todos.ioBind('add', socket);
// @ts-expect-error the event is a string
todo.ioBind(42);
// @ts-expect-error the callback is a function
todo.ioBind('update', 'set');
// @ts-expect-error a socket needs emit and on
todo.ioBind('update', {emit: () => true});
// @ts-expect-error the callback's `this` is the context given
todo.ioBind('update', function (this: {calls: number}) { this.calls++; }, elsewhere);
// @ts-expect-error ioUnbind needs the event
todo.ioUnbind();
// @ts-expect-error ioUnbind's callback is a function
todo.ioUnbind('update', socket, 'set');
// @ts-expect-error ioUnbindAll takes a socket
todo.ioUnbindAll('update');
// @ts-expect-error ioBindVersion is read-only
todo.ioBindVersion = '9.9.9';
// @ts-expect-error timeout is a number of milliseconds
todo.fetch({timeout: '5s'});
// @ts-expect-error timeout is a number of milliseconds
Backbone.sync('read', todo, {timeout: '5s'});
// @ts-expect-error the error codes are these three
const code: Backbone.IoSyncErrorCode = 'ECONNRESET';
// @ts-expect-error ajaxSync is a boolean or a function returning one
todo.ajaxSync = 'yes';
// @ts-expect-error a model's socket is a socket
todo.socket = 'ws://localhost';
// @ts-expect-error Backbone.socket is a socket
Backbone.socket = 1228;
// @ts-expect-error ioSyncVersion is a constant
Backbone.ioSyncVersion = '9.9.9';
// @ts-expect-error sync needs a model or collection
Backbone.sync('read', {url: 'todos'});
console.log(code);
