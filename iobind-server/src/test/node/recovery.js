'use strict';
// Connection state recovery with Node's socket.io-client 4: a client whose connection breaks and comes back
// within the server's window gets its socket back (socket.recovered, same id) and the pushes it missed, each once.
// Usage: node recovery.js http://127.0.0.1:PORT websocket|polling   ("RECOVERY OK" and exit 0 when every check holds)
const { io } = require('socket.io-client');

const url = process.argv[2];
const transport = process.argv[3] || 'websocket';
const { TIMEOUT_MS, check, withTimeout, checks } = require('./checks');

function once(emitter, event, what) {
  return withTimeout(new Promise((resolve) => emitter.once(event, resolve)), what);
}

function ok(socket, event, data) {
  return withTimeout(new Promise((resolve, reject) => {
    socket.emit(event, data, (err, result) => (err ? reject(new Error(JSON.stringify(err))) : resolve(result)));
  }), 'ack of ' + event);
}

async function main() {
  const writer = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const reader = io(url, { transports: [transport], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
  await Promise.all([once(writer, 'connect', 'writer connects'), once(reader, 'connect', 'reader connects')]);
  check(reader.recovered === false, 'a first connection is not a recovered one');
  const firstId = reader.id;

  const titles = [];
  reader.on('todos:create', (todo) => titles.push(todo.title));
  const seen = once(reader, 'todos:create', 'push before the break');
  await ok(writer, 'todo:create', { title: 'before' });
  await seen;

  // Break the reader's connection as a network change would; the writer goes on meanwhile.
  const lost = once(reader, 'disconnect', 'reader loses its connection');
  reader.io.engine.close();
  const reason = await lost;
  check(reason === 'transport close' || reason === 'forced close', 'the reader saw its connection close (' + reason + ')');
  await ok(writer, 'todo:create', { title: 'while away 1' });
  await ok(writer, 'todo:create', { title: 'while away 2' });

  await once(reader, 'connect', 'reader reconnects');
  check(reader.recovered === true, 'the reconnected socket is a recovered one');
  check(reader.id === firstId, 'it kept its id');
  const deadline = Date.now() + TIMEOUT_MS;
  while (titles.length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const after = once(reader, 'todos:create', 'a live push after the recovery');
  await ok(writer, 'todo:create', { title: 'after' });
  await after;
  await new Promise((resolve) => setTimeout(resolve, 200));
  check(JSON.stringify(titles) === JSON.stringify(['before', 'while away 1', 'while away 2', 'after']),
    'every push arrived once, in order: ' + JSON.stringify(titles));

  writer.close();
  reader.close();
  console.log('RECOVERY OK ' + checks() + ' checks');
}

main().then(() => process.exit(0), (failure) => {
  console.log('RECOVERY FAIL ' + failure.message);
  process.exit(1);
});
