'use strict';
// What each way of loading the package must give: the Backbone that `backbone` resolves to, patched by both
// bundles, working end to end on a socket (a fetch emitted and acknowledged, a push turned into an event).
// Exits the process with 1 and the reason on the first failed check.
// No require('assert'): the same file is bundled for the browser by esbuild.
function fail(message, actual, expected) {
  throw new Error(message + ': expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(actual));
}
const assert = {
  strictEqual(actual, expected, message) { if (actual !== expected) fail(message, actual, expected); },
  notStrictEqual(actual, other, message) { if (actual === other) fail(message + ' (must differ)', actual, other); },
  deepStrictEqual(actual, expected, message) {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(message, actual, expected);
  }
};

/** A socket.io-like emitter: emits are recorded and acknowledged by `answer`, pushes are delivered by `push`. */
function fakeSocket(answer) {
  const listeners = {};
  return {
    connected: true,
    emitted: [],
    emit(event, data, ack) {
      this.emitted.push(event);
      setTimeout(() => ack(null, answer(event, data)), 0);
    },
    on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
    off(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); },
    push(event, data) { (listeners[event] || []).forEach((listener) => listener(data)); },
    listenerCount(event) { return (listeners[event] || []).length; }
  };
}

/**
 * Checks `Backbone` (what the entry gave) against `core` (what `backbone` gives there): the bundles `loaded`
 * ('iosync', 'iobind' or both) patched it and no other, and work; `version` is the package's. Resolves with a line
 * saying what was checked.
 */
async function check(how, Backbone, core, version, loaded) {
  const iosync = loaded.indexOf('iosync') >= 0;
  const iobind = loaded.indexOf('iobind') >= 0;
  assert.strictEqual(Backbone, core, how + ': the export is the Backbone of the `backbone` package');
  assert.strictEqual(Backbone.ioSyncVersion, iosync ? version : undefined, how + ': Backbone.ioSyncVersion');
  assert.strictEqual(Backbone.Model.prototype.ioBindVersion, iobind ? version : undefined,
    how + ': Model.prototype.ioBindVersion');
  assert.strictEqual(Backbone.Collection.prototype.ioBindVersion, iobind ? version : undefined,
    how + ': Collection.prototype.ioBindVersion');
  if (!iosync) return how + ': OK';
  assert.strictEqual(typeof Backbone.ajaxSync, 'function', how + ': Backbone.ajaxSync keeps the AJAX sync');
  assert.notStrictEqual(Backbone.sync, Backbone.ajaxSync, how + ': Backbone.sync is replaced');

  const socket = fakeSocket((event) => (event === 'todos:read' ? [{id: 'a', title: 'from the server'}] : {}));
  Backbone.socket = socket;
  try {
    const Todos = Backbone.Collection.extend({url: '/todos'});
    const todos = new Todos();
    await todos.fetch();
    assert.deepStrictEqual(socket.emitted, ['todos:read'], how + ': fetch emits <namespace>:read');
    assert.strictEqual(todos.first().get('title'), 'from the server', how + ': the ack fills the collection');

    if (iobind) {
      let pushed = null;
      todos.ioBind('create', (attrs) => { pushed = attrs; });
      assert.strictEqual(socket.listenerCount('todos:create'), 1, how + ': ioBind listens on todos:create');
      socket.push('todos:create', {id: 'b'});
      assert.deepStrictEqual(pushed, {id: 'b'}, how + ': a push reaches the callback');
      todos.ioUnbindAll();
      assert.strictEqual(socket.listenerCount('todos:create'), 0, how + ': ioUnbindAll removes the listener');
    }

    Backbone.socket = null;
    const failure = await todos.fetch({error() {}}).then(() => null, (err) => err);
    assert.strictEqual(failure && failure.code, 'ENOSOCKET', how + ': no socket fails with ENOSOCKET');
  } finally {
    Backbone.socket = null;
  }
  return how + ': OK';
}

module.exports = check;
