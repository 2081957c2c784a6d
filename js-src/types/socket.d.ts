// backbone.iosync / backbone.iobind: what both bundles share, the socket they use and where they find it.
import Backbone = require('backbone');

declare module 'backbone' {
    /**
     * What the libraries need of a socket. socket.io-client's `Socket` (3.x and 4.x) has all of it; any emitter
     * with `emit` and `on`, and `off` or `removeListener` to unbind, will do.
     */
    interface IoSocket {
        emit(event: string, ...args: any[]): unknown;
        on(event: string, listener: (...args: any[]) => void): unknown;
        off?(event: string, listener?: (...args: any[]) => void): unknown;
        removeListener?(event: string, listener: (...args: any[]) => void): unknown;
        /** socket.io-client: connected now. */
        readonly connected?: boolean;
        /** socket.io-client 3+: connected, or trying to (re)connect (emits are buffered meanwhile). */
        readonly active?: boolean;
    }

    /**
     * The socket of every model and collection that has no `socket` of its own; when unset, the global `socket`
     * (in a browser, `window.socket`) is used.
     */
    let socket: IoSocket | null | undefined;

    interface ModelBase {
        /** This model's or collection's own socket; when unset, `Backbone.socket`, then the global `socket`. */
        socket?: IoSocket | null | undefined;
    }
}

export = Backbone;
