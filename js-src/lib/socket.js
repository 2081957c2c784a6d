// backbone.iosync / backbone.iobind @VERSION - shared helpers (socket lookup,
// url namespaces, errors). Included first in both bundles; everything here is
// private to the bundle's closure.

var ioNoop = function () {};

// Where a model or collection finds its socket: its own `socket` property, else
// `Backbone.socket`, else a global `socket` (in a browser, `window.socket`).
// The lookup happens on every call, so a socket assigned after loading is found.
var ioFindSocket = function (obj) {
  return (obj && obj.socket) || Backbone.socket || root.socket || null;
};

// The error Backbone itself throws for a model or collection without a url.
var ioUrlError = function () {
  throw new Error('A "url" property or function must be specified');
};

// The path part of a url with no leading slashes, query or fragment:
// `/todos/1?x=y` and `http://host/todos/1` both give `todos/1`.
var ioUrlPath = function (url) {
  return String(url)
    .replace(/^[a-z][a-z0-9+.\-]*:\/\/[^\/]*/i, '')
    .replace(/[?#].*$/, '')
    .replace(/^\/+/, '');
};

// The namespace of a url: its first path segment, so `posts`, `/posts` and
// `/posts/comments` all give `posts`. Socket events are named `<namespace>:<method>`.
var ioNamespace = function (url) {
  if (url == null || url === '') ioUrlError();
  var namespace = ioUrlPath(url).split('/')[0];
  if (!namespace) {
    throw new Error('The url "' + url + '" has no path segment to use as a socket.io namespace');
  }
  return namespace;
};

// An `Error` carrying a machine-readable `code`, like the `{message, code}`
// errors an iobind server acknowledges with.
var ioError = function (message, code) {
  var error = new Error(message);
  error.code = code;
  return error;
};

// Warns on the console when there is one (old browsers and embedded engines may lack it).
var ioWarn = function (message) {
  var out = root.console || (typeof console !== 'undefined' ? console : null);
  if (out && typeof out.warn === 'function') out.warn(message);
};
