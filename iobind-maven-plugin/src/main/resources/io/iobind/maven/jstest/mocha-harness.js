// Evaluated after mocha.js: mocha's BDD interface, timers routed through the host's event loop, and a reporter
// that hands every event to the host as JSON.
(function (host, options) {
  'use strict';
  const g = globalThis;
  const Mocha = g.Mocha;
  const mocha = g.mocha;
  const events = Mocha.Runner.constants;

  // mocha's browser build queues its own work on setTimeout; after an interrupted turn that queue can be lost,
  // so its "immediately" goes straight to the host's immediate queue.
  Mocha.Runner.immediately = (callback) => { setImmediate(callback); };

  const errorInfo = (err) => {
    if (err === null || err === undefined) return { name: 'Error', message: String(err), stack: '' };
    if (typeof err !== 'object') return { name: 'Error', message: String(err), stack: '' };
    let message = '';
    try { message = err.message === undefined ? String(err) : String(err.message); } catch (e) { message = '(unprintable error)'; }
    let stack = '';
    try { stack = err.stack ? String(err.stack) : ''; } catch (e) { /* a getter that throws */ }
    return {
      name: String(err.name || (err.constructor && err.constructor.name) || 'Error'),
      message,
      stack,
      code: err.code === undefined ? null : String(err.code),
      assertion: err.name === 'AssertionError' || err.code === 'ERR_ASSERTION',
    };
  };
  const describeRunnable = (runnable) => ({
    title: runnable.title,
    fullTitle: runnable.fullTitle(),
    file: runnable.file || (runnable.parent && runnable.parent.file) || null,
    duration: runnable.duration || 0,
    hook: runnable.type === 'hook',
  });
  const send = (type, payload) => host.event(type, JSON.stringify(payload));

  class IobindReporter extends Mocha.reporters.Base {
    constructor(runner, reporterOptions) {
      super(runner, reporterOptions);
      runner.on(events.EVENT_TEST_BEGIN, (test) => send('begin', describeRunnable(test)));
      runner.on(events.EVENT_HOOK_BEGIN, (hook) => send('begin', describeRunnable(hook)));
      runner.on(events.EVENT_HOOK_END, () => send('hookEnd', {}));
      runner.on(events.EVENT_TEST_PASS, (test) => send('pass', describeRunnable(test)));
      runner.on(events.EVENT_TEST_PENDING, (test) => send('pending', describeRunnable(test)));
      runner.on(events.EVENT_TEST_FAIL, (test, err) => send('fail', Object.assign(describeRunnable(test), { error: errorInfo(err) })));
      runner.once(events.EVENT_RUN_END, () => send('end', {}));
    }
  }

  mocha.setup({ ui: 'bdd', reporter: IobindReporter, timeout: options.timeout });
  if (options.grep) {
    // -Diobind.test picks titles that contain its text; mocha would read a string as a regex.
    mocha.grep(new RegExp(options.grep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }

  g.__iobind.loadSpec = (file, displayName) => {
    mocha.suite.emit('pre-require', g, displayName, mocha);
    const exports = g.__iobind.require(file)(file);
    mocha.suite.emit('require', exports, displayName, mocha);
    mocha.suite.emit('post-require', g, displayName, mocha);
  };
  g.__iobind.hasOnly = () => mocha.suite.hasOnly();
  g.__iobind.run = () => {
    // mocha.run of the browser build parses location.search; the plain Mocha run needs no page.
    Mocha.prototype.run.call(mocha, () => {});
  };
})
