/*
 * Live reload for pages served by `iobind:serve` (development only: the dev server adds this script to the
 * web root's HTML pages; a production page never has it).
 *
 * The page listens to the dev server's state on a server-sent-events stream. It reloads when the server's
 * generation moves past the one the page was loaded at (a rebuild or a web-root change), so a reload that
 * happened while the stream was down is not missed; while the library's sources do not compile it shows an
 * overlay naming file, line, column and reason. If the stream drops, the page keeps working and reconnects.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var loadedAt = script && script.getAttribute('data-iobind-state');
  var source = null;
  var retryTimer = null;
  var overlay = null;
  var dismissed = null;

  // The state this page was loaded at: "<server run>/<generation>".
  function parse(state) {
    var slash = state ? state.lastIndexOf('/') : -1;
    return slash < 0 ? null : {server: state.slice(0, slash), generation: Number(state.slice(slash + 1))};
  }

  function onState(event) {
    var state = JSON.parse(event.data);
    var loaded = parse(loadedAt);
    if (loaded && loaded.server === state.server && state.generation > loaded.generation) {
      location.reload();
      return;
    }
    // Another server run (a restart of iobind:serve) does not reload: the page reconnects like the app does.
    loadedAt = state.server + '/' + state.generation;
    showProblems(state.problems);
  }

  function connect() {
    if (source || !window.EventSource || document.visibilityState === 'hidden') return;
    source = new EventSource('/__iobind/events');
    source.addEventListener('state', onState);
    source.onerror = function () {
      // The browser retries a dropped stream by itself, but not one it has given up on (CLOSED).
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, 1000);
      }
    };
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  // A hidden tab lets its stream go, so many open tabs do not use up the browser's connections to the
  // server; it catches up (reloading if it missed a rebuild) when shown again.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') disconnect(); else connect();
  });

  // The build error overlay: text only, so a message can never inject markup. A click hides it until the
  // problems change.
  function showProblems(problems) {
    var key = problems && problems.length ? JSON.stringify(problems) : null;
    if (key === null) dismissed = null;
    if (key === null || key === dismissed) {
      removeOverlay();
      return;
    }
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'iobind-build-error';
      overlay.setAttribute('role', 'alert');
      overlay.title = 'Click to hide until the next change';
      overlay.style.cssText = 'position:fixed;left:0;right:0;top:0;max-height:100%;overflow:auto;z-index:2147483647;' +
          'margin:0;padding:16px 20px;background:rgba(30,0,0,.92);color:#fff;font:14px/1.5 monospace;' +
          'white-space:pre-wrap;box-shadow:0 2px 12px rgba(0,0,0,.5);cursor:pointer';
      overlay.onclick = function () {
        dismissed = overlay.getAttribute('data-problems');
        removeOverlay();
      };
      (document.body || document.documentElement).appendChild(overlay);
    }
    var text = 'Build failed: the server keeps serving the last good bundle.\n\n';
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i];
      text += p.file + (p.line > 0 ? ':' + p.line + ':' + Math.max(p.column, 1) : '') + ': ' + p.reason + '\n';
    }
    overlay.setAttribute('data-problems', key);
    overlay.textContent = text;
  }

  function removeOverlay() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  connect();
})();
