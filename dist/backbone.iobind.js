/*!
 * backbone.iobind 0.1.0-SNAPSHOT
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
// backbone.iobind 0.1.0-SNAPSHOT - server pushes become Backbone events.
//
// Each model or collection keeps its own registry of the socket listeners it
// added, so unbinding removes exactly those and never another object's
// listeners on the same event name.

// Backbone's own event names. A server push under one of these would be
// indistinguishable from Backbone's event and fire the wrong handlers.
var ioReservedEvents = ['change', 'add', 'remove', 'reset', 'sync', 'error',
  'request', 'destroy', 'invalid', 'all'];

var ioCheckEvent = function (event) {
  if (typeof event !== 'string' || event === '') {
    throw new TypeError('ioBind: the event name must be a non-empty string, got ' + event);
  }
  if (_.indexOf(ioReservedEvents, event) >= 0 || event.indexOf('change:') === 0) {
    throw new Error('ioBind: "' + event + '" is a reserved Backbone event name; ' +
      'bind the server event under another name (e.g. "update" or "server:' + event + '")');
  }
};

// socket.io-client 1+ has `off`; older emitters (and Node's) `removeListener`.
var ioRemoveListener = function (socket, name, listener) {
  if (typeof socket.off === 'function') {
    socket.off(name, listener);
  } else if (typeof socket.removeListener === 'function') {
    socket.removeListener(name, listener);
  } else {
    throw new TypeError('ioUnbind: the socket has neither off() nor removeListener()');
  }
};

var ioAttach = function (binding) {
  if (binding.name) binding.socket.on(binding.name, binding.listener);
};

var ioDetach = function (binding) {
  if (binding.name) ioRemoveListener(binding.socket, binding.name, binding.listener);
};

// Points every binding of `obj` at the socket event name `nameOf` gives now:
// a model that got (or changed) its id moves from no listener (or the old
// `todo/<old id>:<event>`) to `todo/<id>:<event>`.
var ioRefreshBindings = function (obj, nameOf) {
  _.each(obj._ioBindings || [], function (binding) {
    var name = nameOf(obj, binding.event);
    if (name === binding.name) return;
    ioDetach(binding);
    binding.name = name;
    ioAttach(binding);
  });
};

// The `ioBind`, `ioUnbind` and `ioUnbindAll` methods for a kind of object.
// `nameOf(obj, event)` gives the socket event name, or null while it cannot be
// known (a model without an id); `watch(obj)` runs when `obj` gets its first
// binding and `unwatch(obj)` when it loses its last one.
var ioBindMethods = function (nameOf, watch, unwatch) {
  var removeBindings = function (obj, keep) {
    var bindings = obj._ioBindings;
    if (!bindings || !bindings.length) return;
    obj._ioBindings = _.filter(bindings, function (binding) {
      if (keep(binding)) return true;
      ioDetach(binding);
      return false;
    });
    if (!obj._ioBindings.length) unwatch(obj);
  };

  return {
    // Listens for the server event `event` of this object on `socket` (by
    // default `this.socket`, else `Backbone.socket`, else the global `socket`).
    // Each push calls `callback` in `context` (default: this object) with the
    // pushed data, then triggers `event` on this object with the same data.
    // Returns this object.
    ioBind: function (event, socket, callback, context) {
      if (typeof socket === 'function') {
        context = callback;
        callback = socket;
        socket = null;
      }
      ioCheckEvent(event);
      socket = socket || ioFindSocket(this);
      if (!socket || typeof socket.on !== 'function') {
        throw new Error('ioBind("' + event + '"): no socket; pass one, or set ' +
          'this.socket, Backbone.socket or a global socket');
      }
      if (callback != null && typeof callback !== 'function') {
        throw new TypeError('ioBind("' + event + '"): the callback must be a function');
      }

      var obj = this;
      var bindings = obj._ioBindings || (obj._ioBindings = []);
      var binding = _.find(bindings, function (candidate) {
        return candidate.event === event && candidate.socket === socket;
      });
      if (!binding) {
        binding = {event: event, socket: socket, name: null, handlers: []};
        binding.listener = function () {
          var args = _.toArray(arguments);
          _.each(binding.handlers.slice(), function (handler) {
            if (handler.callback) handler.callback.apply(handler.context || obj, args);
          });
          obj.trigger.apply(obj, [event].concat(args));
        };
        if (!bindings.length) watch(obj);
        bindings.push(binding);
        binding.name = nameOf(obj, event);
        ioAttach(binding);
      }
      binding.handlers.push({callback: callback, context: context});
      return this;
    },

    // Stops listening for `event`: only `callback` when given, else every
    // binding of this object for the event, on `socket` when given, else on
    // any socket. Listeners of other objects stay. Returns this object.
    ioUnbind: function (event, socket, callback) {
      if (typeof socket === 'function') {
        callback = socket;
        socket = null;
      }
      removeBindings(this, function (binding) {
        if (binding.event !== event || (socket && binding.socket !== socket)) return true;
        if (!callback) return false;
        binding.handlers = _.reject(binding.handlers, function (handler) {
          return handler.callback === callback;
        });
        return binding.handlers.length > 0;
      });
      return this;
    },

    // Removes every binding of this object, on `socket` only when given.
    // Returns this object.
    ioUnbindAll: function (socket) {
      removeBindings(this, function (binding) {
        return !!socket && binding.socket !== socket;
      });
      return this;
    }
  };
};
// Backbone.Model: ioBind / ioUnbind / ioUnbindAll
// -----------------------------------------------
//
// A model listens for pushes about itself: `<url>:<event>`, its url without a
// leading slash, e.g. `todo/abc123:update`.
//
//     var Todo = Backbone.Model.extend({urlRoot: 'todo'});
//     var todo = new Todo({id: 'abc123'});
//     todo.ioBind('update', function (attrs) { this.set(attrs); });
//     todo.ioBind('delete', function () { this.collection.remove(this); });
//     // ... and when done with it:
//     todo.ioUnbindAll();
//
// A model without an id has no url of its own yet. Listening on
// `todo:update` would catch every todo's pushes and never be unbound: instead
// the model warns once on the console and starts listening when its id is set.

var ioModelEventName = function (model, event) {
  if (model.isNew()) return null;
  return ioUrlPath(_.result(model, 'url')) + ':' + event;
};

// Recent Backbones (1.4 and 1.6 among them) signal id changes with
// `changeId`, even on silent sets; `change:<idAttribute>` covers older ones.
var ioModelIdEvents = function (model) {
  return 'change:' + model.idAttribute + ' changeId';
};

var ioModelIdChanged = function () {
  ioRefreshBindings(this, ioModelEventName);
};

var ioModelMethods = ioBindMethods(
  ioModelEventName,
  function (model) {
    model._ioIdEvents = ioModelIdEvents(model);
    model.on(model._ioIdEvents, ioModelIdChanged, model);
  },
  function (model) {
    model.off(model._ioIdEvents, ioModelIdChanged, model);
  }
);

var ioModelBind = ioModelMethods.ioBind;

_.extend(Backbone.Model.prototype, ioModelMethods, {
  // **ioBind** `(event, [socket], [callback], [context])` listens for
  // `<url>:<event>` on `socket` (default: `this.socket`, `Backbone.socket`, the
  // global `socket`), calls `callback` in `context` (default: the model) with
  // each push's data and triggers `event` on the model. Returns the model.
  // Backbone's own event names are refused. Without an id yet, warns once and
  // listens from the moment the id is set.
  ioBind: function (event) {
    ioModelBind.apply(this, arguments);
    if (this.isNew() && !this._ioWarnedNoId) {
      this._ioWarnedNoId = true;
      ioWarn('ioBind("' + event + '") on a model without an id: it will listen ' +
        'once the id is set. Call ioUnbindAll() when the model is done with, or ' +
        'its listeners stay on the socket.');
    }
    return this;
  },

  // The version of backbone.iobind, filled in by the build.
  ioBindVersion: '0.1.0-SNAPSHOT'
});
// Backbone.Collection: ioBind / ioUnbind / ioUnbindAll
// ----------------------------------------------------
//
// A collection listens for pushes to its namespace: `<namespace>:<event>`,
// the first path segment of its url, e.g. `todos:create`.
//
//     var Todos = Backbone.Collection.extend({model: Todo, url: 'todos'});
//     var todos = new Todos();
//     todos.ioBind('create', function (attrs) { this.add(attrs, {merge: true}); });
//     todos.fetch();

var ioCollectionEventName = function (collection, event) {
  return ioNamespace(_.result(collection, 'url')) + ':' + event;
};

_.extend(Backbone.Collection.prototype, ioBindMethods(ioCollectionEventName, ioNoop, ioNoop), {
  // The version of backbone.iobind, filled in by the build.
  ioBindVersion: '0.1.0-SNAPSHOT'
});
  return Backbone;
}));
