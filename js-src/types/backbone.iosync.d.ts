// backbone.iosync: `Backbone.sync` over socket.io. Augments @types/backbone; `require('backbone.iobind/iosync')`
// returns Backbone.
import Backbone = require('backbone');
import './socket';

declare module 'backbone' {
    /**
     * Why a request failed without an answer from the server: `ENOSOCKET` no socket was found, `EDISCONNECTED` the
     * socket is neither connected nor reconnecting, `ETIMEDOUT` no acknowledgement within `options.timeout` ms.
     */
    type IoSyncErrorCode = 'ENOSOCKET' | 'EDISCONNECTED' | 'ETIMEDOUT';

    /** The `Error` a request that never got an answer fails with (`options.error`, the promise, the `error` event). */
    interface IoSyncError extends Error {
        code: IoSyncErrorCode;
    }

    /** What a server acknowledges a failed request with, as iobind-server does: e.g. `{message: 'no todo 7', code: 404}`. */
    interface IoServerError {
        message: string;
        code: number | string;
    }

    /** The options of a direct `Backbone.sync(method, model, options)` call. */
    interface IoSyncOptions {
        /** The url whose first path segment names the event's namespace; default: the model's or collection's. */
        url?: string | (() => string) | undefined;
        /** The payload; default: the model's JSON (nothing for a collection's `read`). */
        data?: any;
        /** The attributes a `patch` sends (Backbone sets it for `save(attrs, {patch: true})`). */
        attrs?: ObjectHash | undefined;
        /** Fail with an `ETIMEDOUT` error when no acknowledgement arrives within this many milliseconds. */
        timeout?: number | undefined;
        success?: ((data: any) => void) | undefined;
        error?: ((error: IoSyncError | IoServerError | Error) => void) | undefined;
    }

    /**
     * Emits `<namespace>:<method>` with the payload and an acknowledgement callback on the model's socket; resolves
     * with the server's data or rejects with the error (a jQuery promise when `Backbone.$` has `Deferred`).
     */
    function sync(method: string, model: Model | Collection, options?: IoSyncOptions): PromiseLike<any>;

    /** Backbone's original AJAX sync, used by models and collections whose `ajaxSync` is true. */
    let ajaxSync: (method: string, model: Model | Collection, options?: JQueryAjaxSettings) => any;

    /** The version of backbone.iosync. */
    const ioSyncVersion: string;

    interface PersistenceOptions {
        /** backbone.iosync: fail with an `ETIMEDOUT` error when no acknowledgement arrives within this many ms. */
        timeout?: number | undefined;
    }

    interface ModelBase {
        /**
         * backbone.iosync: true, or a function returning true (called on the object), to sync this model or
         * collection over AJAX with `Backbone.ajaxSync` instead of the socket.
         */
        ajaxSync?: boolean | (() => boolean) | undefined;
    }
}

export = Backbone;
