'use strict';
// The Node built-ins iobind:test provides, checked against Node's own answers: this file passes under
// `mocha builtins.spec.js` in Node as well.
const assert = require('assert');
const path = require('path');
const fs = require('fs');

describe('path', function () {
  it('joins and normalizes like Node', function () {
    assert.strictEqual(path.join('a', 'b/../c', './d'), 'a/c/d');
    assert.strictEqual(path.join('/a/', '/b/'), '/a/b/');
    assert.strictEqual(path.join('..', 'a'), '../a');
    assert.strictEqual(path.join(''), '.');
    assert.strictEqual(path.normalize('/a//b/../../..'), '/');
    assert.strictEqual(path.normalize('./'), './');
  });

  it('resolves against the working directory', function () {
    assert.strictEqual(path.resolve('/x', 'y', '../z'), '/x/z');
    assert.strictEqual(path.resolve('/x', '/y'), '/y');
    assert.strictEqual(path.resolve('a'), path.join(process.cwd(), 'a'));
  });

  it('splits names like Node', function () {
    assert.strictEqual(path.dirname('/a/b/c.js'), '/a/b');
    assert.strictEqual(path.dirname('/a'), '/');
    assert.strictEqual(path.dirname('a'), '.');
    assert.strictEqual(path.basename('/a/b/c.spec.js'), 'c.spec.js');
    assert.strictEqual(path.basename('/a/b/c.spec.js', '.js'), 'c.spec');
    assert.strictEqual(path.extname('c.spec.js'), '.js');
    assert.strictEqual(path.extname('.hidden'), '');
    assert.strictEqual(path.relative('/a/b/c', '/a/d'), '../../d');
    assert.strictEqual(path.sep, '/');
    assert.strictEqual(path.isAbsolute('/a'), true);
  });
});

describe('fs', function () {
  it('reads, lists and stats files', function () {
    assert.ok(fs.existsSync(__filename));
    assert.strictEqual(fs.readFileSync(path.join(__dirname, 'fixtures', 'data.json'), 'utf8').trim(), '{"answer": 42}');
    assert.ok(fs.readdirSync(path.join(__dirname, 'fixtures')).includes('add.js'));
    assert.ok(fs.statSync(__dirname).isDirectory());
    assert.ok(fs.statSync(__filename).isFile());
  });

  it('throws ENOENT for a missing file', function () {
    assert.throws(() => fs.readFileSync(path.join(__dirname, 'missing.txt'), 'utf8'), (e) => e.code === 'ENOENT');
  });
});

describe('require', function () {
  it('finds a folder through package.json main and caches modules', function () {
    const first = require('./fixtures/pkgdir');
    assert.strictEqual(first.name, 'main of pkgdir');
    assert.strictEqual(require('./fixtures/pkgdir/lib/entry.js'), first);
    assert.strictEqual(require.resolve('./fixtures/pkgdir'), path.join(__dirname, 'fixtures', 'pkgdir', 'lib', 'entry.js'));
  });

  it('gives modules their own __filename and module.exports', function () {
    const add = require('./fixtures/add');
    assert.strictEqual(typeof add, 'function');
    assert.strictEqual(typeof module.exports, 'object');
    assert.strictEqual(path.basename(__filename), 'builtins.spec.js');
  });

  it('names the missing module and the requiring file', function () {
    assert.throws(() => require('./fixtures/nothing-here'), (e) =>
      e.code === 'MODULE_NOT_FOUND' && /nothing-here/.test(e.message) && /builtins\.spec\.js/.test(e.message));
  });
});

describe('timers', function () {
  it('runs microtasks first, then timers by due time, cancelled ones never', function (done) {
    const order = [];
    const interval = setInterval(() => {
      order.push('interval');
      clearInterval(interval);
    }, 5);
    // Set later but due far sooner: it runs first unless 199 ms pass between these two lines (10 ms used to, on a
    // loaded machine, and then the 10 ms timer was rightly due first).
    setTimeout(() => order.push('timeout 200'), 200);
    setTimeout(() => order.push('timeout 1'), 1);
    const cancelled = setTimeout(() => order.push('cancelled'), 2);
    clearTimeout(cancelled);
    setImmediate(() => order.push('immediate'));
    // process.nextTick is a plain microtask here (Node runs ticks before promise jobs queued earlier).
    process.nextTick(() => order.push('tick'));
    Promise.resolve().then(() => order.push('microtask'));
    setTimeout(() => {
      // An immediate queued now runs in a check phase after this one, so after the one queued at the start.
      setImmediate(() => {
        // Which of an immediate and an already-due timer runs first depends on the event loop's phase, in Node too.
        assert.deepStrictEqual(order.slice(0, 2), ['tick', 'microtask']);
        assert.deepStrictEqual(order.filter((e) => e.startsWith('timeout')), ['timeout 1', 'timeout 200']);
        assert.deepStrictEqual(order.slice().sort(), ['immediate', 'interval', 'microtask', 'tick', 'timeout 1', 'timeout 200']);
        done();
      });
    }, 300);
  });

  it('does not starve immediates behind a busy interval', function (done) {
    const busy = setInterval(() => { const until = Date.now() + 2; while (Date.now() < until) { /* busy */ } }, 1);
    setImmediate(() => {
      clearInterval(busy);
      done();
    });
  });

  it('passes extra arguments and returns objects with unref', function (done) {
    const timer = setTimeout((a, b) => {
      assert.strictEqual(a + b, 3);
      done();
    }, 1, 1, 2);
    assert.strictEqual(timer.unref(), timer);
  });
});
