/*!
 * backbone.iosync 0.1.0-SNAPSHOT
 * Released under the MIT license.
 */
(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['backbone', 'underscore'], function (Backbone, _) {
      return factory(root, Backbone, _);
    });
  } else if (typeof module === 'object' && module && module.exports) {
    module.exports = factory(root, require('backbone'), require('underscore'));
  } else {
    factory(root, root.Backbone, root._);
  }
}(typeof self === 'object' && self && self.self === self ? self
  : typeof global === 'object' && global && global.global === global ? global
  : typeof globalThis === 'object' && globalThis ? globalThis
  : this, function (root, Backbone, _) {
// backbone.iosync / backbone.iobind 0.1.0-SNAPSHOT - shared helpers (socket lookup,
// url namespaces, errors). Included first in both bundles; everything here is
// private to the bundle's closure.

var ioNoop = function () {};

// Where a model or collection finds its socket: its own `socket` property, else
// `Backbone.socket`, else a global `socket` (in a browser, `window.socket`).
// The lookup happens on every call, so a socket assigned after loading is found.
var ioFindSocket = function (obj) {
  return (obj && obj.socket) || Backbone.socket || root.socket || null;
};

// The error Backbone itself throws for a model or collection without a url.
var ioUrlError = function () {
  throw new Error('A "url" property or function must be specified');
};

// The path part of a url with no leading slashes, query or fragment:
// `/todos/1?x=y` and `http://host/todos/1` both give `todos/1`.
var ioUrlPath = function (url) {
  return String(url)
    .replace(/^[a-z][a-z0-9+.\-]*:\/\/[^\/]*/i, '')
    .replace(/[?#].*$/, '')
    .replace(/^\/+/, '');
};

// The namespace of a url: its first path segment, so `posts`, `/posts` and
// `/posts/comments` all give `posts`. Socket events are named `<namespace>:<method>`.
var ioNamespace = function (url) {
  if (url == null || url === '') ioUrlError();
  var namespace = ioUrlPath(url).split('/')[0];
  if (!namespace) {
    throw new Error('The url "' + url + '" has no path segment to use as a socket.io namespace');
  }
  return namespace;
};

// An `Error` carrying a machine-readable `code`, like the `{message, code}`
// errors an iobind server acknowledges with.
var ioError = function (message, code) {
  var error = new Error(message);
  error.code = code;
  return error;
};

// Warns on the console when there is one (old browsers and embedded engines may lack it).
var ioWarn = function (message) {
  var out = root.console || (typeof console !== 'undefined' ? console : null);
  if (out && typeof out.warn === 'function') out.warn(message);
};
// backbone.iosync 0.1.0-SNAPSHOT - `Backbone.sync` over socket.io.
//
// Every `save`, `fetch` and `destroy` becomes one socket.io event named
// `<namespace>:<method>` (for example `todos:create`), sent with the model's
// data and an acknowledgement callback `(err, data)` that settles the request.

// Backbone's original AJAX sync stays reachable as `Backbone.ajaxSync`, for
// models and collections whose `ajaxSync` is truthy. Loading this bundle a
// second time must not replace it with our own sync.
if (!Backbone.ajaxSync) Backbone.ajaxSync = Backbone.sync;

// The version of backbone.iosync, filled in by the build.
Backbone.ioSyncVersion = '0.1.0-SNAPSHOT';

var ioIsCollection = function (obj) {
  return obj instanceof Backbone.Collection || !!(obj && _.isArray(obj.models));
};

// A socket.io client 3+ queues emits while it is (re)connecting and says so
// with `active`; a socket that is neither connected nor active would hold the
// request forever. Emitters that know nothing of connections are trusted.
var ioCanDeliver = function (socket) {
  return socket.connected !== false || socket.active === true;
};

// The payload of a request: `options.data` when given; nothing of the models
// for a collection's read; else `options.attrs` (a `save` with `patch: true`)
// or the model's JSON. A patch always names the model it changes.
var ioSyncData = function (method, model, options) {
  if (options.data != null) return options.data;
  if (method === 'read' && ioIsCollection(model)) return {};
  var data = options.attrs ||
    (model && typeof model.toJSON === 'function' ? model.toJSON(options) : {});
  if (method === 'patch' && model && model.id != null) {
    var idAttribute = model.idAttribute || 'id';
    if (data[idAttribute] == null) {
      data = _.clone(data);
      data[idAttribute] = model.id;
    }
  }
  return data;
};

// A deferred whose promise `sync` returns: jQuery's when Backbone has a jQuery
// with `Deferred`, else a native Promise, else none (very old browsers).
var ioDeferred = function () {
  var $ = Backbone.$;
  if ($ && typeof $.Deferred === 'function') {
    var jqDeferred = $.Deferred();
    return {promise: jqDeferred.promise(), resolve: jqDeferred.resolve, reject: jqDeferred.reject};
  }
  if (typeof Promise === 'function') {
    var deferred = {};
    deferred.promise = new Promise(function (resolve, reject) {
      deferred.resolve = resolve;
      deferred.reject = reject;
    });
    // Failures reach the caller through `options.error` and Backbone's `error`
    // event; a caller who ignores the promise must not get an unhandled rejection.
    deferred.promise.then(null, ioNoop);
    return deferred;
  }
  return {resolve: ioNoop, reject: ioNoop};
};

// Backbone.sync
// -------------
//
// Replaces `Backbone.sync`, with the same signature: `method` is `"create"`,
// `"read"`, `"update"`, `"patch"`, `"delete"` or any custom method name;
// `model` is a model or collection; `options` (optional) takes Backbone's
// `success`, `error`, `url`, `data` and `attrs`, plus `timeout` (ms) to fail
// when no acknowledgement arrives in time.
//
// The event is emitted on `model.socket`, else `Backbone.socket`, else the
// global `socket`. When there is no socket, the socket is disconnected for
// good, or the timeout passes, `options.error` receives an `Error` whose
// `code` is `"ENOSOCKET"`, `"EDISCONNECTED"` or `"ETIMEDOUT"`; server errors
// are passed on as they arrive. A `"request"` event fires on the model, and
// the returned promise (jQuery's when Backbone has jQuery, else native)
// resolves with the server's data or rejects with the error.
//
//     var Todos = Backbone.Collection.extend({url: 'todos'});
//     Backbone.socket = io();
//     new Todos().fetch();                     // emits "todos:read"
//
// A model or collection whose `ajaxSync` is true (or a function returning
// true) uses the original AJAX sync, kept as `Backbone.ajaxSync`.
Backbone.sync = function (method, model, options) {
  options = options || {};
  if (_.result(model, 'ajaxSync')) {
    return Backbone.ajaxSync.call(this, method, model, options);
  }

  var url = options.url ? _.result(options, 'url') : _.result(model, 'url');
  var event = ioNamespace(url) + ':' + method;
  var data = ioSyncData(method, model, options);
  var socket = ioFindSocket(model);
  var deferred = ioDeferred();
  var settled = false;
  var timer = null;

  var settle = function (err, resp) {
    if (settled) return;
    settled = true;
    if (timer !== null) clearTimeout(timer);
    if (err) {
      if (options.error) options.error(err);
      deferred.reject(err);
    } else {
      if (options.success) options.success(resp);
      deferred.resolve(resp);
    }
  };
  // Failures found before anything is sent still arrive asynchronously, as an
  // AJAX error would: after `sync` has returned and `request` has fired.
  // An embedded engine without timers gets them at once rather than never.
  var failSoon = function (err) {
    if (typeof setTimeout === 'function') {
      setTimeout(function () { settle(err); }, 0);
    } else {
      settle(err);
    }
  };

  if (model && typeof model.trigger === 'function') {
    model.trigger('request', model, deferred.promise, options);
  }

  if (!socket) {
    failSoon(ioError('No socket to send "' + event + '" on: set model.socket, ' +
      'Backbone.socket or a global socket', 'ENOSOCKET'));
  } else if (!ioCanDeliver(socket)) {
    failSoon(ioError('The socket is disconnected and not reconnecting; "' + event +
      '" was not sent', 'EDISCONNECTED'));
  } else {
    if (options.timeout > 0 && typeof setTimeout === 'function') {
      timer = setTimeout(function () {
        settle(ioError('No answer to "' + event + '" within ' + options.timeout + ' ms', 'ETIMEDOUT'));
      }, options.timeout);
    }
    try {
      socket.emit(event, data, function (err, resp) {
        settle(err || null, resp);
      });
    } catch (emitError) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      failSoon(emitError);
    }
  }
  return deferred.promise;
};
  return Backbone;
}));
