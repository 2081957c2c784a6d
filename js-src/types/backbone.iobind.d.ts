// backbone.iobind: server pushes become Backbone events. Augments @types/backbone;
// `require('backbone.iobind/iobind')` returns Backbone.
import Backbone = require('backbone');
import './socket';

declare module 'backbone' {
    /** Backbone's own event names: a push under one of them would fire Backbone's handlers, so `ioBind` throws. */
    type IoReservedEvent = 'change' | 'add' | 'remove' | 'reset' | 'sync' | 'error' | 'request' | 'destroy'
        | 'invalid' | 'all' | `change:${string}`;

    /** An event name `ioBind` accepts: any but Backbone's own (refused here when written as a literal). */
    type IoBindEvent<E extends string> = E extends IoReservedEvent ? never : E;

    /** Called with each push's data, in the given context (default: the model or collection). */
    type IoBindCallback<C> = (this: C, ...data: any[]) => void;

    /** What backbone.iobind adds to models and collections. */
    interface IoBindable {
        /**
         * Listens for the server's `event` about this object (a model: `<url>:<event>`, e.g. `todo/7:update`; a
         * collection: `<namespace>:<event>`, e.g. `todos:create`) on `socket` (default: `this.socket`,
         * `Backbone.socket`, the global `socket`). Each push calls `callback` in `context` with the pushed data, then
         * triggers `event` on this object. Returns this object.
         */
        ioBind<E extends string, C = this>(event: IoBindEvent<E>, callback?: IoBindCallback<C> | null, context?: C): this;
        ioBind<E extends string, C = this>(event: IoBindEvent<E>, socket: IoSocket | null | undefined,
                                           callback?: IoBindCallback<C> | null, context?: C): this;

        /**
         * Stops listening for `event`: only `callback` when given, else every binding of this object for the event,
         * on `socket` when given, else on any. Other objects' listeners stay. Returns this object.
         */
        ioUnbind(event: string, callback?: ((...data: any[]) => void) | null): this;
        ioUnbind(event: string, socket: IoSocket | null | undefined, callback?: ((...data: any[]) => void) | null): this;

        /** Removes every binding of this object, on `socket` only when given. Returns this object. */
        ioUnbindAll(socket?: IoSocket | null): this;

        /** The version of backbone.iobind. */
        readonly ioBindVersion: string;
    }

    interface Model<T extends ObjectHash = any, S = ModelSetOptions, E = any> extends IoBindable {}

    interface Collection<TModel extends Model = Model> extends IoBindable {}
}

export = Backbone;
