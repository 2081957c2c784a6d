// Every call README documents, as a TypeScript user writes it: tsc --strict must accept all of it.
import Backbone from 'backbone';
import 'backbone.iobind';
import { io } from 'socket.io-client';

interface TodoAttributes {
    id?: string;
    title: string;
    done?: boolean;
}

class Todo extends Backbone.Model<TodoAttributes> {
    urlRoot = 'todo';

    initialize(): void {
        this.ioBind('update', this.set, this);
        this.ioBind('delete', function () {
            if (this.collection) this.collection.remove(this);
            this.ioUnbindAll();
        });
    }
}

class Todos extends Backbone.Collection<Todo> {
    url = 'todos';

    initialize(): void {
        this.ioBind('create', function (attrs: TodoAttributes) {
            this.add(attrs, {merge: true});
        });
    }
}

class Legacy extends Backbone.Model {
    urlRoot = '/api/legacy';
    ajaxSync = true;
}

class SometimesLegacy extends Backbone.Collection {
    url = '/api/sometimes';
    ajaxSync = (): boolean => Math.random() > 0.5;
}

const socket = io();
Backbone.socket = socket;
Backbone.socket = null;
Backbone.socket = io('http://localhost:1228', {transports: ['websocket']});

const todos = new Todos();
todos.socket = io('/other');
todos.fetch().then(() => todos.length);
todos.create({title: 'Write the README'}, {wait: true});
todos.first()!.save({done: true}, {patch: true});
todos.first()!.fetch({
    timeout: 5000,
    error: (model: Todo, err: Backbone.IoSyncError | Backbone.IoServerError) => {
        const code: Backbone.IoSyncErrorCode | number | string = err.code;
        if (code === 'ETIMEDOUT' || code === 'EDISCONNECTED' || code === 'ENOSOCKET') {
            console.log(model.id, err.message, code);
        }
    }
});
todos.first()!.destroy({timeout: 1000, wait: true});
new Legacy().fetch();
new SometimesLegacy().fetch({reset: true});

const promise: PromiseLike<any> = Backbone.sync('clearCompleted', todos, {
    url: 'todos',
    data: {all: true},
    timeout: 2000,
    success: (data: unknown) => console.log(data),
    error: (error) => console.log(error.message)
});
promise.then((data) => console.log(data));
Backbone.sync('read', new Todo({title: 'x'}));
Backbone.ajaxSync('read', new Legacy());
const versions: string[] = [Backbone.ioSyncVersion, Todo.prototype.ioBindVersion, todos.ioBindVersion];

const todo = new Todo({id: 'abc123', title: 'Call Grandma'});
const onUpdate = function (this: Todo, attrs: Partial<TodoAttributes>): void {
    this.set(attrs);
};
const context = {calls: 0};
todo.ioBind('update', onUpdate)
    .ioBind('update', socket, onUpdate)
    .ioBind('update', socket)
    .ioBind('update', null, onUpdate, todo)
    .ioBind('update', function (this: {calls: number}) { this.calls++; }, context)
    .ioBind('server:change')
    .ioBind('renamed');
const anyEvent: string = 'change';
todo.ioBind(anyEvent, () => undefined);
todo.ioUnbind('update', onUpdate)
    .ioUnbind('update', socket, onUpdate)
    .ioUnbind('update', socket)
    .ioUnbind('update')
    .ioUnbindAll(socket)
    .ioUnbindAll();
todos.ioBind('create', socket, function (attrs: TodoAttributes) { this.add(attrs); })
    .ioUnbind('create')
    .ioUnbindAll();
todo.socket = socket;
todo.socket = undefined;
todo.on('update', (attrs: TodoAttributes) => attrs.title);

const emitter: Backbone.IoSocket = {
    emit: (event: string, ...args: unknown[]) => args.length,
    on: (event: string, listener: (...args: any[]) => void) => undefined,
    removeListener: (event: string, listener: (...args: any[]) => void) => undefined
};
todo.ioBind('update', emitter).ioUnbindAll(emitter);
console.log(versions);
