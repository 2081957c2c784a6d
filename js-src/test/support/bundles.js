'use strict';
// Loads the built bundles (dist/*.js and dist/*.min.js) into a Backbone, the
// way a page, a CommonJS loader or an AMD loader would, and puts that
// Backbone back as it was afterwards: both Backbone versions are shared
// modules, and every spec variant must start from the original Backbone.sync.

var fs = require('fs');
var path = require('path');
var _ = require('underscore');

var env = typeof process !== 'undefined' && process.env ? process.env : {};

/** Where the bundles are: $IOBIND_DIST, else the repository's dist/. */
var distDir = env.IOBIND_DIST ? path.resolve(env.IOBIND_DIST) : path.join(__dirname, '..', '..', '..', 'dist');

var BUNDLE_FILES = ['.js', '.min.js'];

/** The Backbone versions the library supports, newest first. */
function backbones() {
  return [
    {version: '1.6.1', Backbone: require('backbone')},
    {version: '1.4.1', Backbone: require('backbone-1.4')}
  ];
}

function readBundle(fileName) {
  var file = path.join(distDir, fileName);
  if (!fs.existsSync(file)) {
    throw new Error(file + ' does not exist: build the bundles first (mvn iobind:build-all) or set IOBIND_DIST');
  }
  return fs.readFileSync(file, 'utf8');
}

/**
 * The project version the build writes for @VERSION: the root POM's own
 * <version> (the one after <artifactId>iobind-parent</artifactId>).
 */
function projectVersion() {
  if (env.IOBIND_VERSION) return env.IOBIND_VERSION;
  var pom = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'pom.xml'), 'utf8');
  var match = /<artifactId>iobind-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom);
  if (!match) throw new Error('no <version> after <artifactId>iobind-parent</artifactId> in the root pom.xml');
  return match[1];
}

/**
 * Evaluates a bundle's text with the module-system names shadowed, so it sees
 * exactly the loader `mode` describes, whatever the host (Node, GraalJS):
 * - 'globals': no define/module/require; the global object is `root`, found as
 *   `globalThis` (or as `self` / `global` with `rootAs`);
 * - 'commonjs': a fresh `module`/`exports` and a `require` serving `Backbone`/`_`;
 * - 'amd': a `define` with `define.amd`, resolving 'backbone'/'underscore'.
 * Returns what each loader saw: {exports, required, defined, amdResult}.
 */
function evaluate(text, mode, deps) {
  var root = deps.root;
  var seen = {exports: undefined, required: [], defined: [], amdResult: undefined};
  var modules = {backbone: deps.Backbone, underscore: deps._};
  var resolve = function (name) {
    if (!_.has(modules, name)) throw new Error('the bundle asked for an unexpected module: ' + name);
    return modules[name];
  };
  var define, module, exports, require;
  if (mode === 'commonjs') {
    module = {exports: {}};
    exports = module.exports;
    require = function (name) {
      seen.required.push(name);
      return resolve(name);
    };
  } else if (mode === 'amd') {
    define = function (names, factory) {
      seen.defined.push(names);
      seen.amdResult = factory.apply(null, _.map(names, resolve));
    };
    define.amd = {};
  } else if (mode !== 'globals') {
    throw new Error('unknown loading mode ' + mode);
  }
  var rootAs = deps.rootAs || 'globalThis';
  if (rootAs === 'self') root.self = root;
  if (rootAs === 'global') root.global = root;
  var run = new Function('define', 'module', 'exports', 'require', 'self', 'global', 'globalThis', text);
  run.call(root, define, module, exports, require,
    rootAs === 'self' ? root : undefined,
    rootAs === 'global' ? root : undefined,
    rootAs === 'globalThis' ? root : undefined);
  seen.exports = module && module.exports;
  return seen;
}

var BACKBONE_KEYS = ['sync', 'ajaxSync', 'ajax', 'socket', '$', 'ioSyncVersion'];
var PROTOTYPE_KEYS = ['ioBind', 'ioUnbind', 'ioUnbindAll', 'ioBindVersion'];

function snapshot(object, keys) {
  return _.map(keys, function (key) {
    return {object: object, key: key, own: _.has(object, key), value: object[key]};
  });
}

/** Records Backbone's properties that loading a bundle or a spec may change; returns the undo. */
function saveBackbone(Backbone) {
  var saved = snapshot(Backbone, BACKBONE_KEYS)
    .concat(snapshot(Backbone.Model.prototype, PROTOTYPE_KEYS))
    .concat(snapshot(Backbone.Collection.prototype, PROTOTYPE_KEYS));
  return function restore() {
    _.each(saved, function (entry) {
      if (entry.own) entry.object[entry.key] = entry.value;
      else delete entry.object[entry.key];
    });
  };
}

/** A fake global object whose console records warnings. */
function fakeRoot(Backbone) {
  var warnings = [];
  return {
    Backbone: Backbone,
    _: _,
    console: {warn: function (message) { warnings.push(String(message)); }, log: function () {}},
    warnings: warnings
  };
}

/**
 * Declares one `describe` per bundle file (.js, .min.js) and Backbone version,
 * with the bundle (or the list of bundles, in order) loaded as browser globals into a fake root. `body(ctx)`
 * declares the specs; while they run, `ctx` holds:
 * Backbone, root (the fake global object, `root.warnings` for console.warn),
 * originalSync (Backbone.sync before loading), file (the first), files and
 * backboneVersion.
 * Before each spec, Backbone.socket, root.socket and Backbone.$ are cleared.
 */
function eachVariant(bundle, body) {
  var names = _.isArray(bundle) ? bundle : [bundle];
  _.each(BUNDLE_FILES, function (suffix) {
    _.each(backbones(), function (variant) {
      var files = _.map(names, function (name) { return name + suffix; });
      describe(files.join(' + ') + ' with Backbone ' + variant.version, function () {
        var ctx = {file: files[0], files: files, backboneVersion: variant.version};
        var restore = null;
        before(function () {
          var Backbone = variant.Backbone;
          var texts = _.map(files, readBundle);
          restore = saveBackbone(Backbone);
          ctx.Backbone = Backbone;
          ctx.originalSync = Backbone.sync;
          ctx.root = fakeRoot(Backbone);
          _.each(texts, function (text) {
            evaluate(text, 'globals', {root: ctx.root, Backbone: Backbone, _: _});
          });
        });
        after(function () {
          if (restore) restore();
        });
        beforeEach(function () {
          delete ctx.Backbone.socket;
          delete ctx.root.socket;
          ctx.Backbone.$ = undefined;
          ctx.root.warnings.length = 0;
        });
        body(ctx);
      });
    });
  });
}

module.exports = {
  distDir: distDir,
  bundleFiles: BUNDLE_FILES,
  backbones: backbones,
  readBundle: readBundle,
  projectVersion: projectVersion,
  evaluate: evaluate,
  saveBackbone: saveBackbone,
  fakeRoot: fakeRoot,
  eachVariant: eachVariant
};
