// backbone.iobind @VERSION - server pushes become Backbone events.
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
