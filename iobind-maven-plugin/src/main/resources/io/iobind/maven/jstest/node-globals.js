// Evaluated first in every spec file's Context: the part of Node's globals that specs and libraries use
// (global, process, timers, require with node_modules lookup, fs and path), backed by the Java host.
(function (host) {
  'use strict';
  const g = globalThis;
  g.global = g;

  class Timer {
    constructor(id) { this._id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() { return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  const idOf = (timer) => timer == null ? -1 : typeof timer === 'object' ? Number(timer._id) : Number(timer);
  const callable = (fn) => {
    if (typeof fn !== 'function') {
      throw new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
    }
    return fn;
  };
  g.setTimeout = function setTimeout(fn, delay, ...args) {
    callable(fn);
    return new Timer(host.schedule(() => fn(...args), Number(delay) || 0, false));
  };
  g.setInterval = function setInterval(fn, delay, ...args) {
    callable(fn);
    return new Timer(host.schedule(() => fn(...args), Number(delay) || 0, true));
  };
  g.setImmediate = function setImmediate(fn, ...args) {
    callable(fn);
    return new Timer(host.immediate(() => fn(...args)));
  };
  g.clearTimeout = g.clearInterval = g.clearImmediate = function clearTimer(timer) {
    host.cancel(idOf(timer));
  };
  if (typeof g.queueMicrotask !== 'function') {
    g.queueMicrotask = (fn) => { Promise.resolve().then(callable(fn)); };
  }

  const listeners = Object.create(null);
  g.process = {
    env: JSON.parse(host.environmentJson()),
    argv: ['graaljs'],
    execArgv: [],
    platform: host.platform(),
    version: '',
    versions: {},
    title: 'iobind:test',
    pid: 0,
    exitCode: undefined,
    cwd: () => host.cwd(),
    nextTick: (fn, ...args) => { queueMicrotask(() => fn(...args)); },
    hrtime: Object.assign((previous) => {
      const now = host.nanoTime();
      const seconds = Math.floor(now / 1e9), nanos = now % 1e9;
      return previous ? [seconds - previous[0], nanos - previous[1]] : [seconds, nanos];
    }, { bigint: () => BigInt(Math.round(host.nanoTime())) }),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    on(event, fn) { (listeners[event] = listeners[event] || []).push(fn); return this; },
    once(event, fn) { return this.on(event, fn); },
    off(event, fn) { listeners[event] = (listeners[event] || []).filter((f) => f !== fn); return this; },
    removeListener(event, fn) { return this.off(event, fn); },
    removeAllListeners(event) { delete listeners[event]; return this; },
    listeners: (event) => (listeners[event] || []).slice(),
    emit(event, ...args) { (listeners[event] || []).forEach((fn) => fn(...args)); return !!listeners[event]; },
    stdout: { write: (text) => { host.write(String(text)); return true; }, isTTY: false },
    stderr: { write: (text) => { host.write(String(text)); return true; }, isTTY: false },
  };

  // --- path (POSIX rules, as on the machines the specs are written on) ---
  const normalizeParts = (parts, absolute) => {
    const out = [];
    for (const part of parts) {
      if (!part || part === '.') continue;
      if (part === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!absolute) out.push('..');
      } else out.push(part);
    }
    return out;
  };
  const path = {
    sep: '/',
    delimiter: ':',
    isAbsolute: (p) => String(p).startsWith('/'),
    normalize(p) {
      p = String(p);
      if (p === '') return '.';
      const absolute = p.startsWith('/');
      const trailing = p.endsWith('/');
      let result = normalizeParts(p.split('/'), absolute).join('/');
      if (!result && !absolute) result = '.';
      if (result && trailing) result += '/';
      return (absolute ? '/' : '') + result;
    },
    join(...parts) {
      const joined = parts.map(String).filter((p) => p.length).join('/');
      return joined ? path.normalize(joined) : '.';
    },
    resolve(...parts) {
      let resolved = '';
      for (let i = parts.length - 1; i >= 0 && !resolved.startsWith('/'); i--) {
        const part = String(parts[i]);
        if (part) resolved = part + (resolved ? '/' + resolved : '');
      }
      if (!resolved.startsWith('/')) resolved = host.cwd() + (resolved ? '/' + resolved : '');
      const result = '/' + normalizeParts(resolved.split('/'), true).join('/');
      return result;
    },
    dirname(p) {
      p = String(p);
      if (!p) return '.';
      const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
      const cut = trimmed.lastIndexOf('/');
      if (cut < 0) return '.';
      return cut === 0 ? '/' : trimmed.slice(0, cut);
    },
    basename(p, ext) {
      let base = String(p).replace(/\/+$/, '');
      base = base.slice(base.lastIndexOf('/') + 1);
      return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
    },
    extname(p) {
      const base = path.basename(p);
      const dot = base.lastIndexOf('.');
      return dot <= 0 ? '' : base.slice(dot);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(i).map(() => '..').concat(b.slice(i)).join('/');
    },
  };
  path.posix = path;

  // --- fs: the read side, which is what specs use to load fixtures and built files ---
  const noEntry = (syscall, p) => Object.assign(
      new Error(`ENOENT: no such file or directory, ${syscall} '${p}'`), { code: 'ENOENT', errno: -2, syscall, path: p });
  const encodingOf = (options) => typeof options === 'string' ? options : options && options.encoding;
  const fs = {
    existsSync: (p) => p != null && host.exists(path.resolve(String(p))),
    readFileSync(p, options) {
      const file = path.resolve(String(p));
      if (!host.isFile(file)) throw noEntry('open', p);
      // Without an encoding Node returns a Buffer; a string is the closest thing here and what text fixtures need.
      return host.readFile(file, encodingOf(options) || 'utf8');
    },
    readdirSync(p) {
      const dir = path.resolve(String(p));
      if (!host.isDirectory(dir)) throw noEntry('scandir', p);
      return JSON.parse(host.list(dir));
    },
    statSync(p) {
      const file = path.resolve(String(p));
      if (!host.exists(file)) throw noEntry('stat', p);
      const isDir = host.isDirectory(file);
      return { isFile: () => !isDir, isDirectory: () => isDir, size: isDir ? 0 : host.size(file) };
    },
  };

  // --- require: CommonJS modules, resolved by the host like Node over node_modules and the project ---
  const builtins = { fs, path };
  const cache = Object.create(null);
  function load(file, parent) {
    const cached = cache[file];
    if (cached) return cached.exports;
    const module = { id: file, filename: file, exports: {}, loaded: false, parent, children: [], paths: [] };
    module.require = makeRequire(file);
    cache[file] = module;
    if (parent) parent.children.push(module);
    try {
      if (file.endsWith('.json')) {
        module.exports = JSON.parse(host.readFile(file, 'utf8'));
      } else {
        // A syntax error in the file surfaces here as the SyntaxError GraalJS raised, with file:line:column.
        const wrapper = host.compile(file);
        wrapper.call(module.exports, module.exports, module.require, module, file, path.dirname(file));
      }
    } catch (e) {
      delete cache[file];
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }
  function makeRequire(fromFile, parentModule) {
    const resolve = (request) => {
      if (typeof request !== 'string' || !request) {
        throw new TypeError('The "id" argument must be a non-empty string. Received ' + typeof request);
      }
      const bare = request.startsWith('node:') ? request.slice(5) : request;
      if (Object.prototype.hasOwnProperty.call(builtins, bare)) return bare;
      const file = host.resolve(request, fromFile);
      if (file == null) {
        throw Object.assign(new Error(host.lastError()), { code: 'MODULE_NOT_FOUND' });
      }
      return file;
    };
    const require = function require(request) {
      const file = resolve(request);
      if (Object.prototype.hasOwnProperty.call(builtins, file)) return builtins[file];
      return load(file, parentModule || (cache[fromFile] || null));
    };
    require.resolve = resolve;
    require.cache = cache;
    return require;
  }
  g.__iobind = {
    require: makeRequire,
    load,
  };
})
