'use strict';
// Drives iobind-server with Node's socket.io-client 4: connects over websocket, polling and
// polling+upgrade, runs acked CRUD on the `todo`/`todos` resource and checks the pushes ioBind listens for.
// Usage: node conformance.js http://127.0.0.1:PORT   (exit 0 and "CONFORMANCE OK" when every check holds)
const { io } = require('socket.io-client');

const url = process.argv[2];
const { check, withTimeout, checks } = require('./checks');

function connect(transports) {
  const socket = io(url, { transports, forceNew: true, reconnection: false });
  return withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  }), 'connect over ' + transports.join('+'));
}

// Resolves with [err, data] as the ack delivered them.
function call(socket, event, data) {
  return withTimeout(new Promise((resolve) => {
    const ack = (...args) => resolve(args);
    if (data === undefined) {
      socket.emit(event, ack);
    } else {
      socket.emit(event, data, ack);
    }
  }), 'ack of ' + event);
}

async function ok(socket, event, data) {
  const [err, result] = await call(socket, event, data);
  check(err === null, event + ' succeeded (got error ' + JSON.stringify(err) + ')');
  return result;
}

function next(socket, event) {
  return withTimeout(new Promise((resolve) => socket.once(event, resolve)), 'push ' + event);
}

async function main() {
  const ws = await connect(['websocket']);
  const polling = await connect(['polling']);
  const upgrading = await connect(['polling', 'websocket']);
  check(ws.io.engine.transport.name === 'websocket', 'websocket client uses websocket');
  check(polling.io.engine.transport.name === 'polling', 'polling client uses polling');
  if (upgrading.io.engine.transport.name !== 'websocket') {
    await withTimeout(new Promise((resolve) => upgrading.io.engine.once('upgrade', resolve)), 'upgrade');
  }
  check(upgrading.io.engine.transport.name === 'websocket', 'polling client upgraded to websocket');

  // create: acked to the sender, pushed on the collection to everyone
  const createdAtPolling = next(polling, 'todos:create');
  const createdAtUpgrading = next(upgrading, 'todos:create');
  const createdAtSender = next(ws, 'todos:create');
  const created = await ok(ws, 'todo:create', { title: 'from node', done: false });
  check(typeof created.id === 'string' && created.title === 'from node', 'create replies with the stored model');
  for (const pushed of await Promise.all([createdAtPolling, createdAtUpgrading, createdAtSender])) {
    check(pushed.id === created.id && pushed.title === 'from node', 'todos:create push carries the model');
  }
  const id = created.id;

  // read: model and collection
  const read = await ok(polling, 'todo:read', { id });
  check(read.title === 'from node', 'model read');
  const all = await ok(upgrading, 'todos:read');
  check(Array.isArray(all) && all.some((todo) => todo.id === id), 'collection read lists the model');

  // update and patch push <name>/<id>:update
  const updatePush = next(ws, 'todo/' + id + ':update');
  const updated = await ok(polling, 'todo:update', { id, title: 'renamed', done: false });
  check(updated.title === 'renamed', 'update replies');
  check((await updatePush).title === 'renamed', 'update push reaches another client');

  const patchPush = next(ws, 'todo/' + id + ':update');
  const patched = await ok(upgrading, 'todo:patch', { id, done: true });
  check(patched.done === true && patched.title === 'renamed', 'patch merges');
  check((await patchPush).done === true, 'patch push reaches another client');

  // errors come back as {message, code}
  const [missing] = await call(ws, 'todo:read', { id: 'no-such-id' });
  check(missing && missing.code === 404 && /no-such-id/.test(missing.message), 'unknown id is a 404 error ack');
  const [unknown] = await call(ws, 'nothing:read', {});
  check(unknown && unknown.code === 404, 'unknown event is a 404 error ack');
  const [notObject] = await call(ws, 'todo:create', 'not an object');
  check(notObject && notObject.code === 400, 'non-object create is a 400 error ack');

  // delete pushes <name>/<id>:delete
  const deletePush = next(polling, 'todo/' + id + ':delete');
  await ok(ws, 'todo:delete', { id });
  check((await deletePush).id === id, 'delete push reaches another client');
  const [gone] = await call(ws, 'todo:read', { id });
  check(gone && gone.code === 404, 'deleted model is gone');

  for (const socket of [ws, polling, upgrading]) {
    socket.close();
  }
  console.log('CONFORMANCE OK ' + checks() + ' checks');
}

main().then(() => process.exit(0), (failure) => {
  console.log('CONFORMANCE FAIL ' + failure.message);
  process.exit(1);
});
