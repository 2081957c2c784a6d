'use strict';
// The "many idle viewers, one writer" scenario of bench/server (run it through bench/server/idle-viewers.sh, which
// builds the iobind classpath and sets the environment read here).
//
// For each N and each server (iobind-server's demo io.iobind.server.Main, and the Node socket.io 4 peer server.js):
// start the server, sample its RSS, connect N idle socket.io-client 4 viewers (websocket, each listening for
// todos:create) from one or more generator processes (viewers.js), let it settle, sample the RSS again; then one
// writer creates a todo BENCH_CREATES times, one acked create at a time with a pause between, each carrying its send
// time; the fan-out time of a create is from its send until the last of the N viewers has received its push. The
// server's CPU time (utime + stime of /proc/PID/stat) is taken over the whole series of creates.
const { spawn, fork } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { io } = require('socket.io-client');

const env = process.env;
const VIEWERS = (env.BENCH_VIEWERS || '1000,5000,10000').split(',').map((n) => Number(n.trim())).filter((n) => n > 0);
const SERVERS = (env.BENCH_SERVERS || 'iobind,node').split(',').map((s) => s.trim()).filter(Boolean);
const CREATES = Number(env.BENCH_CREATES || 20);
const WARMUP_CREATES = Number(env.BENCH_WARMUP_CREATES || 0);
const WARMUP_VIEWERS = Number(env.BENCH_WARMUP_VIEWERS || 0);
const PAUSE_MS = Number(env.BENCH_PAUSE_MS || 200);
const SETTLE_MS = Number(env.BENCH_SETTLE_SECONDS || 5) * 1000;
const PER_GENERATOR = Number(env.BENCH_VIEWERS_PER_GENERATOR || 2500);
const CONNECT_CONCURRENCY = Number(env.BENCH_CONNECT_CONCURRENCY || 64);
const FANOUT_TIMEOUT_MS = Number(env.BENCH_FANOUT_TIMEOUT_SECONDS || 60) * 1000;
const KB_PER_VIEWER = Number(env.BENCH_EST_KB_PER_VIEWER || 300); // memory estimate, server + client side together
const CLK_TCK = Number(env.BENCH_CLK_TCK || 100);
const FD_LIMIT = Number(env.BENCH_FD_LIMIT || 1024);
const JVM_ARGS = env.BENCH_SERVER_JVM_ARGS === undefined ? '-XX:+UseSerialGC -Xms64m -Xmx64m' : env.BENCH_SERVER_JVM_ARGS;
const CLASSPATH = env.BENCH_CLASSPATH || '';

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function log(line) {
  process.stderr.write(line + '\n');
}

function rssKb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
  return match ? Number(match[1]) : NaN;
}

function cpuSeconds(pid) {
  const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15 of the line)
}

function median(sorted) {
  const n = sorted.length;
  return n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** Why this machine cannot hold N viewers, or null. */
function limitFor(n) {
  const generators = Math.ceil(n / PER_GENERATOR);
  const perGenerator = Math.ceil(n / generators);
  if (n + 1 + 256 > FD_LIMIT) {
    return 'the server needs ' + (n + 257) + ' file descriptors, ulimit -n is ' + FD_LIMIT;
  }
  if (perGenerator + 256 > FD_LIMIT) {
    return 'a generator needs ' + (perGenerator + 256) + ' file descriptors, ulimit -n is ' + FD_LIMIT;
  }
  const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  if (n + 1 > high - low + 1) {
    return (n + 1) + ' connections from 127.0.0.1 to one server port, but only ' + (high - low + 1)
      + ' ephemeral ports (' + low + '-' + high + ')';
  }
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))[1]);
  if (n * KB_PER_VIEWER > 0.8 * available) {
    return 'estimated ' + Math.round(n * KB_PER_VIEWER / 1024) + ' MB (' + KB_PER_VIEWER
      + ' KB per viewer, BENCH_EST_KB_PER_VIEWER) > 80 % of MemAvailable ' + Math.round(available / 1024) + ' MB';
  }
  return null;
}

function serverCommand(server) {
  if (server === 'iobind') {
    const args = JVM_ARGS.split(' ').filter((a) => a.trim());
    return ['java', args.concat(['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', CLASSPATH,
      'io.iobind.server.Main', '--port', '0'])];
  }
  return [process.execPath, [path.join(__dirname, 'server.js'), '0']];
}

/** Starts a server and resolves {child, url} on its "listening on URL" line. */
function startServer(server) {
  const [command, args] = serverCommand(server);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.outOfMemory = false;
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.includes('OutOfMemoryError')) {
      child.outOfMemory = true;
    }
    log('  [' + server + ' stderr] ' + line);
  });
  return new Promise((resolve, reject) => {
    let done = false;
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (!done && line.startsWith('listening on ')) {
        done = true;
        resolve({ child, url: line.slice('listening on '.length).trim() });
      }
    });
    child.once('exit', (code, signal) => {
      child.exited = true;
      if (!done) {
        done = true;
        reject(new Error(server + ' server exited before listening (' + (signal || code) + ')'));
      }
    });
  });
}

async function stopServer(child) {
  if (child.exited) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(15000).then(() => false)])) {
    return;
  }
  child.kill('SIGKILL');
  await exited;
}

/** A generator process with a queue of its IPC messages. */
function startGenerator() {
  const child = fork(path.join(__dirname, 'viewers.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = [];
  const queued = [];
  child.on('message', (message) => {
    if (message.type === 'fanout') {
      child.onFanout(message);
      return;
    }
    const index = waiting.findIndex((w) => w.type === message.type);
    if (index >= 0) {
      waiting.splice(index, 1)[0].resolve(message);
    } else {
      queued.push(message);
    }
  });
  child.onFanout = () => {};
  child.next = (type) => {
    const index = queued.findIndex((m) => m.type === type);
    if (index >= 0) {
      return Promise.resolve(queued.splice(index, 1)[0]);
    }
    return new Promise((resolve) => waiting.push({ type, resolve }));
  };
  return child;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out after ' + ms / 1000 + ' s: ' + what)), ms);
  })]).finally(() => clearTimeout(timer));
}

async function runOne(server, n) {
  const { child: srv, url } = await startServer(server);
  const pid = srv.pid;
  const generators = [];
  let writer = null;
  try {
    if (WARMUP_VIEWERS > 0) {
      // Unmeasured: connect and close a first crowd, so that what the server pays once (JIT-compiled code and
      // loaded classes of the connect path, the threads a connect burst starts) is in the RSS before, as it is
      // for a server that has been up a while.
      const warmup = startGenerator();
      await warmup.next('ready');
      warmup.send({ type: 'connect', url, count: WARMUP_VIEWERS, concurrency: CONNECT_CONCURRENCY, timeoutMs: 60000 });
      const warmed = await withTimeout(warmup.next('connected'), 120000, 'warm-up viewers connect');
      warmup.send({ type: 'close' });
      await withTimeout(warmup.next('closed'), 30000, 'warm-up viewers close');
      log('  ' + server + ' N=' + n + ': ' + warmed.ok + ' warm-up viewers connected and closed (unmeasured)');
    }
    await sleep(SETTLE_MS);
    const rssBefore = rssKb(pid);

    const count = Math.ceil(n / PER_GENERATOR);
    for (let i = 0; i < count; i++) {
      generators.push(startGenerator());
    }
    await Promise.all(generators.map((g) => g.next('ready')));
    const generatorRssBefore = generators.reduce((sum, g) => sum + rssKb(g.pid), 0);
    const connectStart = nowMs();
    const shares = generators.map((g, i) => Math.floor(n / count) + (i < n % count ? 1 : 0));
    generators.forEach((g, i) => g.send({
      type: 'connect', url, count: shares[i], concurrency: Math.ceil(CONNECT_CONCURRENCY / count), timeoutMs: 60000
    }));
    // A server that dies or runs out of heap while the viewers connect ends this run at once (not after timeouts).
    const trouble = new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (srv.exited || srv.outOfMemory) {
          clearInterval(poll);
          reject(new Error(srv.outOfMemory ? 'OutOfMemoryError in the server while ' + n + ' viewers connected'
            + ' (BENCH_SERVER_JVM_ARGS sizes its heap)' : 'the server exited while the viewers connected'));
        }
      }, 250);
      srv.stopPolling = () => clearInterval(poll);
    });
    let connected;
    try {
      connected = await Promise.race([Promise.all(generators.map((g) => g.next('connected'))), trouble]);
    } finally {
      srv.stopPolling();
    }
    const connectSeconds = (nowMs() - connectStart) / 1000;
    const ok = connected.reduce((sum, c) => sum + c.ok, 0);
    const failed = connected.reduce((sum, c) => sum + c.failed, 0);
    log('  ' + server + ' N=' + n + ': ' + ok + ' viewers connected in ' + connectSeconds.toFixed(1) + ' s'
      + (failed ? ', ' + failed + ' FAILED (first error: ' + connected.find((c) => c.firstError).firstError + ')' : '')
      + ', websocket extensions: ' + connected[0].extensions);
    await sleep(SETTLE_MS);
    const rssAfter = rssKb(pid);
    const generatorRssAfter = generators.reduce((sum, g) => sum + rssKb(g.pid), 0);

    writer = io(url, Object.assign({ transports: ['websocket'], forceNew: true, reconnection: false },
      env.BENCH_CLIENT_DEFLATE === 'off' ? { perMessageDeflate: false } : {}));
    await withTimeout(new Promise((resolve, reject) => {
      writer.once('connect', resolve);
      writer.once('connect_error', reject);
    }), 30000, 'writer connect');

    const fanouts = [];
    const acks = [];
    let incomplete = 0;
    let cpuStart = 0;
    let windowStart = 0;
    for (let seq = 0; seq < WARMUP_CREATES + CREATES; seq++) {
      if (seq === WARMUP_CREATES) {
        cpuStart = cpuSeconds(pid);
        windowStart = nowMs();
      }
      if (srv.exited || srv.outOfMemory) {
        log('  ' + server + ' N=' + n + ': ' + (srv.outOfMemory ? 'OutOfMemoryError in the server' : 'the server exited')
          + ' during the creates');
        break;
      }
      const reports = generators.filter((g, i) => connected[i].ok > 0).map((g) => new Promise((resolve) => {
        g.onFanout = (message) => {
          if (message.seq === seq) {
            resolve(message);
          }
        };
      }));
      const sentMs = nowMs();
      const acked = new Promise((resolve, reject) => {
        writer.emit('todo:create', { title: 'fan-out ' + seq, seq, sentMs }, (error, todo) => {
          if (error) {
            reject(new Error('todo:create refused: ' + JSON.stringify(error)));
          } else {
            resolve(nowMs() - sentMs);
          }
        });
      });
      let ackMs;
      let all;
      try {
        [ackMs, all] = await withTimeout(Promise.all([acked, Promise.all(reports)]), FANOUT_TIMEOUT_MS,
          'create ' + seq + ' was not received by every viewer');
      } catch (error) {
        log('  ' + server + ' N=' + n + ': ' + error.message);
        incomplete++;
        continue;
      }
      if (seq >= WARMUP_CREATES) {
        acks.push(ackMs);
        fanouts.push(Math.max(...all.map((m) => m.last)) - sentMs);
      }
      await sleep(PAUSE_MS);
    }
    const cpu = cpuSeconds(pid) - cpuStart;
    const windowSeconds = (nowMs() - windowStart) / 1000;
    const status = await Promise.all(generators.map((g) => (g.send({ type: 'status' }), g.next('status'))));
    fanouts.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    return {
      server, n, ok, failed, connectSeconds, extensions: connected[0].extensions,
      rssBefore, rssAfter, rssPerViewerKb: (rssAfter - rssBefore) / ok,
      generatorRssPerViewerKb: (generatorRssAfter - generatorRssBefore) / ok,
      fanouts, acks, incomplete, cpu, windowSeconds,
      disconnects: status.reduce((sum, s) => sum + s.disconnects, 0),
      outOfMemory: srv.outOfMemory, serverDied: !!srv.exited
    };
  } finally {
    if (writer) {
      writer.close();
    }
    await Promise.all(generators.map(async (g) => {
      if (g.exitCode !== null || !g.connected) {
        return;
      }
      const exited = new Promise((resolve) => g.once('exit', resolve));
      g.send({ type: 'close' });
      if (!await Promise.race([exited.then(() => true), sleep(30000).then(() => false)])) {
        g.kill('SIGKILL');
      }
    }));
    await stopServer(srv);
  }
}

const f = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? (a / b).toFixed(2) : 'n/a');

function detail(r) {
  return '| ' + [r.server, r.n, r.ok + (r.failed ? ' (' + r.failed + ' failed)' : ''), f(r.connectSeconds),
    f(r.rssBefore / 1024), f(r.rssAfter / 1024), f(r.rssPerViewerKb), f(r.generatorRssPerViewerKb),
    f(r.fanouts[0]), f(median(r.fanouts)), f(percentile(r.fanouts, 0.9)), f(r.fanouts[r.fanouts.length - 1]),
    f(median(r.acks), 2), r.fanouts.length + ' / ' + CREATES, f(r.cpu, 2), f(r.windowSeconds),
    r.disconnects + (r.outOfMemory ? ' OutOfMemoryError' : '') + (r.serverDied ? ' server died' : ''),
    r.extensions].join(' | ') + ' |';
}

async function main() {
  log('idle viewers: N = ' + VIEWERS.join(', ') + '; servers: ' + SERVERS.join(', ') + '; ' + CREATES + ' creates ('
    + WARMUP_CREATES + ' unmeasured before), ' + (WARMUP_VIEWERS ? WARMUP_VIEWERS + ' warm-up viewers connected and closed before the RSS before; ' : '') + PAUSE_MS + ' ms apart; settle ' + SETTLE_MS / 1000 + ' s; '
    + PER_GENERATOR + ' viewers per generator process; ulimit -n ' + FD_LIMIT + '; clients offer permessage-deflate: '
    + (env.BENCH_CLIENT_DEFLATE === 'off' ? 'no (BENCH_CLIENT_DEFLATE=off)' : 'yes, as browsers do'));
  if (SERVERS.includes('iobind')) {
    log('iobind server JVM options: ' + (JVM_ARGS || '(stock)'));
  }
  const results = [];
  const skipped = new Map();
  for (const n of VIEWERS) {
    const limit = limitFor(n);
    if (limit) {
      log('N=' + n + ': SKIPPED: ' + limit);
      skipped.set(n, limit);
      continue;
    }
    for (const server of SERVERS) {
      try {
        const result = await runOne(server, n);
        results.push(result);
        log(detail(result));
      } catch (error) {
        log('  ' + server + ' N=' + n + ': FAILED: ' + error.message);
        results.push({ server, n, error: error.message });
      }
      await sleep(2000); // let the closed connections drain before the next server starts
    }
  }

  const out = [];
  out.push('Per run (RSS per viewer = (RSS after all connected and settled - RSS before) / viewers; fan-out = send'
    + ' of a create to its push at the last viewer; CPU = server utime+stime over the ' + CREATES + ' creates):');
  out.push('');
  out.push('| server | N | viewers | connect s | RSS before MB | RSS after MB | RSS KB per viewer'
    + ' | generator RSS KB per viewer | fan-out min ms | median ms | p90 ms | max ms | ack median ms'
    + ' | fan-outs complete | server CPU s | window s | viewer disconnects | ws extensions |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of results) {
    out.push(r.error ? '| ' + r.server + ' | ' + r.n + ' | FAILED: ' + r.error + ' |' : detail(r));
  }
  for (const [n, why] of skipped) {
    out.push('| ' + SERVERS.join(', ') + ' | ' + n + ' | skipped: ' + why + ' |');
  }
  out.push('');
  if (SERVERS.includes('iobind') && SERVERS.includes('node')) {
    out.push('iobind / node (ratio < 1: iobind is faster / leaner):');
    out.push('');
    out.push('| N | fan-out median ms iobind / node (ratio) | fan-out p90 ms iobind / node (ratio)'
      + ' | RSS KB per connection iobind / node (ratio) | server CPU s for ' + CREATES + ' fan-outs iobind / node (ratio) |');
    out.push('|---:|---|---|---|---|');
    for (const n of VIEWERS) {
      if (skipped.has(n)) {
        out.push('| ' + n + ' | skipped: ' + skipped.get(n) + ' | | | |');
        continue;
      }
      const a = results.find((r) => r.n === n && r.server === 'iobind' && !r.error);
      const b = results.find((r) => r.n === n && r.server === 'node' && !r.error);
      if (!a || !b) {
        out.push('| ' + n + ' | a run failed (see above) | | | |');
        continue;
      }
      const cell = (x, y, digits = 1) => f(x, digits) + ' / ' + f(y, digits) + ' (' + ratio(x, y) + ')';
      out.push('| ' + n + ' | ' + cell(median(a.fanouts), median(b.fanouts))
        + ' | ' + cell(percentile(a.fanouts, 0.9), percentile(b.fanouts, 0.9))
        + ' | ' + cell(a.rssPerViewerKb, b.rssPerViewerKb)
        + ' | ' + cell(a.cpu, b.cpu, 2) + ' |');
    }
  }
  console.log(out.join('\n'));
  process.exit(0);
}

main().catch((error) => {
  log(error.stack || String(error));
  process.exit(1);
});
