'use strict';
// The UMD wrapper: each bundle loads as CommonJS, as AMD and as browser
// globals, needing neither jQuery, nor a global `io`, nor `window`.

var expect = require('chai').expect;
var _ = require('underscore');
var bundles = require('./support/bundles');

var INSTALLED = {
  'backbone.iosync': function (Backbone, originalSync) {
    expect(Backbone.sync).to.be.a('function').and.not.equal(originalSync);
    expect(Backbone.ajaxSync).to.equal(originalSync);
  },
  'backbone.iobind': function (Backbone) {
    _.each([Backbone.Model.prototype, Backbone.Collection.prototype], function (proto) {
      expect(proto.ioBind).to.be.a('function');
      expect(proto.ioUnbind).to.be.a('function');
      expect(proto.ioUnbindAll).to.be.a('function');
    });
  }
};

_.each(['backbone.iosync', 'backbone.iobind'], function (bundle) {
  _.each(bundles.bundleFiles, function (suffix) {
    _.each(bundles.backbones(), function (variant) {
      var file = bundle + suffix;
      describe('UMD: ' + file + ' with Backbone ' + variant.version, function () {
        var Backbone = variant.Backbone;
        var restore, originalSync, text;

        before(function () {
          text = bundles.readBundle(file);
        });

        beforeEach(function () {
          restore = bundles.saveBackbone(Backbone);
          originalSync = Backbone.sync;
          delete Backbone.ajaxSync;
          Backbone.$ = undefined;
        });

        afterEach(function () {
          restore();
        });

        it('as CommonJS: requires backbone and underscore and exports Backbone', function () {
          var root = {};
          var seen = bundles.evaluate(text, 'commonjs', {root: root, Backbone: Backbone, _: _});
          expect(seen.exports).to.equal(Backbone);
          expect(_.uniq(seen.required).sort()).to.deep.equal(['backbone', 'underscore']);
          expect(root).to.deep.equal({}, 'nothing is put on the global object');
          INSTALLED[bundle](Backbone, originalSync);
        });

        it("as AMD: defines a module depending on ['backbone', 'underscore'] whose value is Backbone", function () {
          var seen = bundles.evaluate(text, 'amd', {root: {}, Backbone: Backbone, _: _});
          expect(seen.defined).to.deep.equal([['backbone', 'underscore']]);
          expect(seen.amdResult).to.equal(Backbone);
          INSTALLED[bundle](Backbone, originalSync);
        });

        _.each(['self', 'global', 'globalThis'], function (rootAs) {
          it('as browser globals: uses root.Backbone and root._, the root found as `' + rootAs +
              '`, with no window, io or jQuery around', function () {
            var root = {Backbone: Backbone, _: _};
            expect(Backbone.$).to.equal(undefined);
            bundles.evaluate(text, 'globals', {root: root, rootAs: rootAs, Backbone: Backbone, _: _});
            INSTALLED[bundle](Backbone, originalSync);
          });
        });

        it('loaded twice, still keeps the original AJAX sync as Backbone.ajaxSync', function () {
          var root = {Backbone: Backbone, _: _};
          bundles.evaluate(text, 'globals', {root: root, Backbone: Backbone, _: _});
          bundles.evaluate(text, 'globals', {root: root, Backbone: Backbone, _: _});
          INSTALLED[bundle](Backbone, originalSync);
        });

        it('as browser globals, the global `socket` is the one found (window.socket in a page)', function () {
          var root = {Backbone: Backbone, _: _, socket: {on: function () {}, off: function () {}, emit: function () {}}};
          var emitted = [];
          var listened = [];
          root.socket.emit = function (name) { emitted.push(name); };
          root.socket.on = function (name) { listened.push(name); };
          bundles.evaluate(text, 'globals', {root: root, rootAs: 'self', Backbone: Backbone, _: _});
          var Todo = Backbone.Model.extend({urlRoot: 'todo'});
          if (bundle === 'backbone.iosync') {
            Backbone.sync('read', new Todo({id: 1}));
            expect(emitted).to.deep.equal(['todo:read']);
          } else {
            new Todo({id: 1}).ioBind('update', function () {});
            expect(listened).to.deep.equal(['todo/1:update']);
          }
        });
      });
    });
  });
});
