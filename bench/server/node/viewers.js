'use strict';
// One generator process of bench/server/idle-viewers.sh: holds `count` idle socket.io-client 4 connections
// (websocket only), each listening for `todos:create`, and reports to its parent (IPC) when every one of them has
// received a given create. Started by idle-viewers.js with child_process.fork; not meant to be run by hand.
//
// Times are process.hrtime (CLOCK_MONOTONIC on Linux, one clock for all processes of the machine) in ms, so the
// parent can subtract the writer's send time from the receive times measured here.
const { io } = require('socket.io-client');

const sockets = [];
let disconnects = 0;
let expected = 0;
const pushes = new Map(); // seq -> { count, first, last }

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function onCreate(todo) {
  const at = nowMs();
  if (!todo || typeof todo.seq !== 'number') {
    return;
  }
  let seen = pushes.get(todo.seq);
  if (!seen) {
    seen = { count: 0, first: at, last: at };
    pushes.set(todo.seq, seen);
  }
  seen.count++;
  seen.last = at;
  if (seen.count === expected) {
    process.send({ type: 'fanout', seq: todo.seq, first: seen.first, last: seen.last });
    pushes.delete(todo.seq);
  }
}

function connectOne(url, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(url, Object.assign({ transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs },
      // Like a browser, socket.io-client in Node offers permessage-deflate; BENCH_CLIENT_DEFLATE=off stops offering it.
      process.env.BENCH_CLIENT_DEFLATE === 'off' ? { perMessageDeflate: false } : {}));
    socket.on('todos:create', onCreate);
    socket.once('connect', () => {
      socket.on('disconnect', () => {
        disconnects++;
      });
      sockets.push(socket);
      resolve(true);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message || String(error));
    });
  });
}

async function connectAll({ url, count, concurrency, timeoutMs }) {
  expected = count;
  let next = 0;
  let failed = 0;
  let firstError = null;
  async function worker() {
    while (next < count) {
      next++;
      const result = await connectOne(url, timeoutMs);
      if (result !== true) {
        failed++;
        firstError = firstError || result;
      }
    }
  }
  const started = nowMs();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  // A viewer that failed to connect will never receive; report on the ones that did.
  expected = sockets.length;
  const ws = sockets.length ? sockets[0].io.engine.transport.ws : null;
  process.send({
    type: 'connected', ok: sockets.length, failed, firstError, seconds: (nowMs() - started) / 1000,
    extensions: ws && ws.extensions !== undefined ? ws.extensions || '(none)' : '?'
  });
}

process.on('message', (message) => {
  if (message.type === 'connect') {
    connectAll(message).catch((error) => {
      process.send({ type: 'connected', ok: sockets.length, failed: message.count - sockets.length, firstError: String(error) });
    });
  } else if (message.type === 'status') {
    process.send({ type: 'status', disconnects, connected: sockets.filter((s) => s.connected).length });
  } else if (message.type === 'close') {
    for (const socket of sockets) {
      socket.removeAllListeners('disconnect');
      socket.close();
    }
    process.send({ type: 'closed' }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
