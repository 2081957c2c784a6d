'use strict';
// One cluster of two nodes on one Redis: a Node socket.io 4 server with the official @socket.io/redis-adapter, and the
// iobind-server node RedisInteropTest started. Each node's broadcast must reach the other node's clients exactly
// once. Usage: node redis-interop.js <redis url> <iobind url>; prints INTEROP OK and exits 0 when every check held.
const http = require('http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');
const { io: connect } = require('socket.io-client');
const { check, withTimeout, checks } = require('./checks');

const [redisUrl, iobindUrl] = process.argv.slice(2);

function counting(socket, event) {
  const seen = [];
  socket.on(event, (...args) => seen.push(args));
  return seen;
}

function until(condition, what) {
  return withTimeout(new Promise((resolve) => {
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      }
    }, 10);
  }), what);
}

function connected(socket, what) {
  return withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), what);
}

async function main() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  const nodeServer = new Server(httpServer, { adapter: createAdapter(pub, sub) });
  nodeServer.on('connection', (socket) => {
    socket.on('join', (room, ack) => {
      socket.join(room);
      ack();
    });
    socket.on('shout', (title, ack) => {
      nodeServer.emit('todos:create', { title, from: 'node' });
      ack();
    });
    socket.on('shout-to', (room, title, ack) => {
      nodeServer.to(room).emit('todos:create', { title, from: 'node' });
      ack();
    });
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const nodeUrl = `http://127.0.0.1:${httpServer.address().port}`;

  const onNode = connect(nodeUrl, { transports: ['websocket'], reconnection: false });
  const onIobind = connect(iobindUrl, { transports: ['websocket'], reconnection: false });
  await Promise.all([connected(onNode, 'client on the Node server connects'),
    connected(onIobind, 'client on the iobind node connects')]);
  const nodeSees = counting(onNode, 'todos:create');
  const iobindSees = counting(onIobind, 'todos:create');

  // A resource push of the iobind node reaches the Node server's client.
  const [error, created] = await withTimeout(new Promise((resolve) => {
    onIobind.emit('todo:create', { title: 'from iobind' }, (...reply) => resolve(reply));
  }), 'todo:create acked by iobind');
  check(error === null && created.title === 'from iobind', 'iobind acked the create: ' + JSON.stringify([error, created]));
  await until(() => nodeSees.length >= 1 && iobindSees.length >= 1, 'the push of iobind reaches both nodes\' clients');
  check(nodeSees[0][0].title === 'from iobind', 'Node\'s client got iobind\'s push: ' + JSON.stringify(nodeSees));

  // A broadcast of the Node server reaches the iobind node's client.
  await withTimeout(onNode.emitWithAck('shout', 'from node'), 'shout acked by Node');
  await until(() => iobindSees.length >= 2 && nodeSees.length >= 2, 'Node\'s broadcast reaches both nodes\' clients');
  check(iobindSees[1][0].title === 'from node' && iobindSees[1][0].from === 'node',
    'iobind\'s client got Node\'s broadcast: ' + JSON.stringify(iobindSees));

  // Node's room broadcast (published on the room's own channel) reaches no iobind client outside the room...
  await withTimeout(onNode.emitWithAck('shout-to', 'lobby', 'for the lobby'), 'shout-to acked by Node');
  // ...and, after one more broadcast to everyone (the same publisher keeps its order), nothing came twice.
  await withTimeout(onNode.emitWithAck('shout', 'last'), 'last shout acked by Node');
  await until(() => iobindSees.length >= 3 && nodeSees.length >= 3, 'the last broadcast reaches both');
  check(iobindSees.length === 3 && iobindSees[2][0].title === 'last',
    'iobind\'s client: each push once, none for a room it is not in: ' + JSON.stringify(iobindSees));
  check(nodeSees.length === 3 && nodeSees[2][0].title === 'last',
    'Node\'s client: each push once: ' + JSON.stringify(nodeSees));

  onNode.close();
  onIobind.close();
  nodeServer.close();
  await Promise.all([pub.quit(), sub.quit()]);
  console.log(`INTEROP OK (${checks()} checks)`);
}

main().then(() => process.exit(0), (failure) => {
  console.error('INTEROP FAILED: ' + (failure && failure.stack || failure));
  process.exit(1);
});
