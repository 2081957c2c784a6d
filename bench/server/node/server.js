'use strict';
// The Node peer of bench/server: socket.io 4 with the same in-memory todo resource as
// io.iobind.server.demo.InMemoryTodos (todo/todos namespaces, ack (null, json) or ({message, code}),
// pushes todos:create and todo/<id>:update|delete to everyone). Usage: node server.js [port]; with REDIS_URL set, one
// node of several sharing broadcasts through the official @socket.io/redis-adapter (the peer of bench/cluster).
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 0);
const httpServer = http.createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 1e6 });
const todos = new Map();
let nextId = 1;

class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function find(id) {
  const todo = todos.get(String(id));
  if (!todo) {
    throw new Refusal(404, 'no todo ' + id);
  }
  return todo;
}

function requireId(event, payload) {
  if (!payload || typeof payload !== 'object' || payload.id === undefined || payload.id === null) {
    throw new Refusal(400, event + " needs an 'id' (a string or number)");
  }
  return String(payload.id);
}

const handlers = {
  create(payload) {
    const todo = Object.assign({}, payload, { id: String(nextId++) });
    todos.set(todo.id, todo);
    return todo;
  },
  read(payload) {
    if (!payload || payload.id === undefined) {
      return Array.from(todos.values());
    }
    return find(payload.id);
  },
  update(payload, event) {
    const id = requireId(event, payload);
    find(id);
    const todo = Object.assign({}, payload);
    todos.set(id, todo);
    return todo;
  },
  patch(payload, event) {
    const todo = find(requireId(event, payload));
    Object.assign(todo, payload);
    return Object.assign({}, todo);
  },
  delete(payload, event) {
    const id = requireId(event, payload);
    const todo = find(id);
    todos.delete(id);
    return todo;
  }
};

io.on('connection', (socket) => {
  socket.onAny((event, ...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    const payload = args[0];
    const colon = event.lastIndexOf(':');
    const namespace = event.slice(0, colon);
    const method = event.slice(colon + 1);
    let reply;
    try {
      if (colon <= 0 || (namespace !== 'todo' && namespace !== 'todos') || !handlers[method]) {
        throw new Refusal(404, "unknown event '" + event + "'");
      }
      if (['create', 'update', 'patch'].includes(method) && (payload === null || typeof payload !== 'object' || Array.isArray(payload))) {
        throw new Refusal(400, event + ' expects a JSON object');
      }
      reply = handlers[method](payload, event);
    } catch (failure) {
      if (ack) {
        ack({ message: failure.message, code: failure.code || 500 });
      }
      return;
    }
    if (ack) {
      ack(null, reply);
    }
    if (method === 'create') {
      io.emit('todos:create', reply);
    } else if (method !== 'read') {
      io.emit('todo/' + reply.id + (method === 'delete' ? ':delete' : ':update'), reply);
    }
  });
});

async function listen() {
  if (process.env.REDIS_URL) {
    const { createAdapter } = require('@socket.io/redis-adapter');
    const { createClient } = require('redis');
    const pub = createClient({ url: process.env.REDIS_URL });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
  }
  httpServer.listen(port, '127.0.0.1', () => {
    console.log('listening on http://127.0.0.1:' + httpServer.address().port + '/');
  });
}

listen().catch((failure) => {
  console.error('cannot start: ' + failure);
  process.exit(1);
});
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
