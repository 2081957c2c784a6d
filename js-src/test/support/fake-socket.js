'use strict';
// A hand-written stand-in for a socket.io client socket: records what the
// library emits (with the ack callbacks) and lets a spec push server events.

/**
 * @param {object} [options]
 * @param {string} [options.api] 'off' (socket.io-client 1+, the default) or
 *   'removeListener' (older emitters with no off()).
 */
function FakeSocket(options) {
  options = options || {};
  this.api = options.api || 'off';
  this.connected = true;
  this.emitted = [];
  this.handlers = {};
  if (this.api === 'removeListener') {
    this.off = undefined;
    this.removeListener = removeListener;
  }
}

FakeSocket.prototype.emit = function (name) {
  var args = Array.prototype.slice.call(arguments, 1);
  var ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  this.emitted.push({name: name, args: args, data: args[0], ack: ack});
  return this;
};

FakeSocket.prototype.on = function (name, handler) {
  (this.handlers[name] || (this.handlers[name] = [])).push(handler);
  return this;
};

function removeListener(name, handler) {
  var list = this.handlers[name] || [];
  var at = list.indexOf(handler);
  if (at >= 0) list.splice(at, 1);
  return this;
}

FakeSocket.prototype.off = removeListener;

/** Delivers a server push of `name` to every listener, as socket.io would. */
FakeSocket.prototype.push = function (name) {
  var args = Array.prototype.slice.call(arguments, 1);
  var self = this;
  (this.handlers[name] || []).slice().forEach(function (handler) {
    handler.apply(self, args);
  });
};

FakeSocket.prototype.listenerCount = function (name) {
  return (this.handlers[name] || []).length;
};

/** The names that have at least one listener, sorted. */
FakeSocket.prototype.listenedNames = function () {
  var handlers = this.handlers;
  return Object.keys(handlers).filter(function (name) {
    return handlers[name].length > 0;
  }).sort();
};

FakeSocket.prototype.lastEmit = function () {
  if (!this.emitted.length) throw new Error('nothing was emitted');
  return this.emitted[this.emitted.length - 1];
};

/** Answers the last emit's acknowledgement after a tick, as a server would. */
FakeSocket.prototype.ackLast = function (err, data) {
  var ack = this.lastEmit().ack;
  if (!ack) throw new Error('the last emit had no ack callback');
  setTimeout(function () { ack(err, data); }, 0);
};

module.exports = FakeSocket;
