'use strict';
// backbone.iosync: Backbone.sync over socket.io (issue 2, "backbone.iosync.js").

var expect = require('chai').expect;
var _ = require('underscore');
var bundles = require('./support/bundles');
var FakeSocket = require('./support/fake-socket');
var $ = require('./support/jquery');

bundles.eachVariant('backbone.iosync', function (ctx) {
  var Backbone, socket, Post, Posts;

  beforeEach(function () {
    Backbone = ctx.Backbone;
    socket = new FakeSocket();
    Backbone.socket = socket;
    Post = Backbone.Model.extend({urlRoot: 'posts'});
    Posts = Backbone.Collection.extend({model: Post, url: 'posts'});
  });

  // Resolves with whatever a settled native promise or jQuery promise gave.
  function settled(promise) {
    return new Promise(function (resolve) {
      promise.then(function (value) {
        resolve({resolved: true, value: value});
      }, function (reason) {
        resolve({resolved: false, value: reason});
      });
    });
  }

  function nextTick() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  it('is the Backbone the spec meant to load', function () {
    expect(Backbone.VERSION).to.equal(ctx.backboneVersion);
  });

  describe('namespace', function () {
    function eventFor(url, method) {
      Backbone.sync(method || 'read', new Backbone.Model({id: 1}), {url: url});
      return socket.lastEmit().name;
    }

    it('is the first path segment of the url, a leading slash ignored', function () {
      expect(eventFor('posts')).to.equal('posts:read');
      expect(eventFor('/posts')).to.equal('posts:read');
      expect(eventFor('/posts/comments')).to.equal('posts:read');
      expect(eventFor('posts/12')).to.equal('posts:read');
    });

    it('ignores a scheme and host, a query and a fragment', function () {
      expect(eventFor('http://example.com/posts/3')).to.equal('posts:read');
      expect(eventFor('/posts?sort=title')).to.equal('posts:read');
      expect(eventFor('posts#top')).to.equal('posts:read');
    });

    it("takes options.url over the model's url", function () {
      new Post({id: 1}).fetch({url: '/drafts/1'});
      expect(socket.lastEmit().name).to.equal('drafts:read');
    });

    it("uses a model's urlRoot, else its collection's url, as Backbone does", function () {
      new Post({id: 4}).fetch();
      expect(socket.lastEmit().name).to.equal('posts:read');
      var Comments = Backbone.Collection.extend({url: function () { return '/comments/all'; }});
      var comment = new Comments([{id: 9}]).get(9);
      comment.fetch();
      expect(socket.lastEmit().name).to.equal('comments:read');
    });

    it('throws an Error when there is no url at all', function () {
      expect(function () { new Backbone.Model({id: 1}).fetch(); }).to.throw(Error, /url/);
      expect(function () { new Backbone.Collection().fetch(); }).to.throw(Error, /url/);
      expect(socket.emitted).to.have.length(0);
    });

    it('throws an Error naming a url that has no path segment', function () {
      expect(function () { eventFor('/'); }).to.throw(Error, /"\/"/);
    });
  });

  describe('events and data', function () {
    it('create: a new model is saved as <namespace>:create with its JSON', function () {
      new Post({title: 'Hello'}).save();
      var sent = socket.lastEmit();
      expect(sent.name).to.equal('posts:create');
      expect(sent.data).to.deep.equal({title: 'Hello'});
      expect(sent.ack).to.be.a('function');
    });

    it('read: a model fetch sends the model', function () {
      new Post({id: 3, title: 'x'}).fetch();
      expect(socket.lastEmit().name).to.equal('posts:read');
      expect(socket.lastEmit().data).to.deep.equal({id: 3, title: 'x'});
    });

    it('update: saving a model with an id sends all its attributes', function () {
      new Post({id: 3, title: 'x'}).save({body: 'y'});
      expect(socket.lastEmit().name).to.equal('posts:update');
      expect(socket.lastEmit().data).to.deep.equal({id: 3, title: 'x', body: 'y'});
    });

    it('patch: sends only the changed attributes, and the id', function () {
      var post = new Post({id: 3, title: 'x', body: 'y'});
      var changes = {title: 'z'};
      post.save(changes, {patch: true});
      expect(socket.lastEmit().name).to.equal('posts:patch');
      expect(socket.lastEmit().data).to.deep.equal({id: 3, title: 'z'});
      expect(changes).to.deep.equal({title: 'z'}, "the caller's attributes are not modified");
    });

    it("patch: carries the id under the model's idAttribute", function () {
      var Doc = Backbone.Model.extend({urlRoot: 'docs', idAttribute: '_id'});
      new Doc({_id: 'a1', title: 'x'}).save({title: 'y'}, {patch: true});
      expect(socket.lastEmit().data).to.deep.equal({_id: 'a1', title: 'y'});
    });

    it('delete: destroying a saved model sends <namespace>:delete with the model', function () {
      new Post({id: 3, title: 'x'}).destroy();
      expect(socket.lastEmit().name).to.equal('posts:delete');
      expect(socket.lastEmit().data).to.deep.equal({id: 3, title: 'x'});
    });

    it('a custom method is emitted under its own name', function () {
      Backbone.sync('archive', new Post({id: 5}));
      expect(socket.lastEmit().name).to.equal('posts:archive');
      expect(socket.lastEmit().data).to.deep.equal({id: 5});
    });

    it("a collection's read sends no model data", function () {
      var posts = new Posts([{id: 1, title: 'a'}, {id: 2, title: 'b'}]);
      posts.fetch();
      expect(socket.lastEmit().name).to.equal('posts:read');
      expect(socket.lastEmit().data).to.deep.equal({});
    });

    it('options.data is sent as it is, for models and collections', function () {
      new Posts().fetch({data: {page: 2}});
      expect(socket.lastEmit().data).to.deep.equal({page: 2});
      new Post({id: 1, title: 'x'}).save(null, {data: {only: 'this'}});
      expect(socket.lastEmit().data).to.deep.equal({only: 'this'});
    });

    it('options.attrs replaces the model JSON', function () {
      Backbone.sync('update', new Post({id: 1, title: 'x'}), {attrs: {title: 'picked'}});
      expect(socket.lastEmit().data).to.deep.equal({title: 'picked'});
    });
  });

  describe('answers', function () {
    it('an ack (null, json) reaches options.success and updates the model', function () {
      var post = new Post({title: 'Hello'});
      var succeeded = null;
      var synced = 0;
      post.on('sync', function () { synced++; });
      var promise = post.save(null, {success: function (model, resp) { succeeded = resp; }});
      socket.ackLast(null, {id: 'p1', title: 'Hello', at: 7});
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(true);
        expect(outcome.value).to.deep.equal({id: 'p1', title: 'Hello', at: 7});
        expect(succeeded).to.deep.equal({id: 'p1', title: 'Hello', at: 7});
        expect(post.id).to.equal('p1');
        expect(post.get('at')).to.equal(7);
        expect(synced).to.equal(1);
      });
    });

    it('a collection fetch fills the collection from the ack', function () {
      var posts = new Posts();
      var promise = posts.fetch();
      socket.ackLast(null, [{id: 1, title: 'a'}, {id: 2, title: 'b'}]);
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(true);
        expect(posts.pluck('title')).to.deep.equal(['a', 'b']);
      });
    });

    it("an ack (err) reaches options.error, fires Backbone's error event and rejects the native promise", function () {
      var post = new Post({id: 1});
      var serverError = {message: 'no such post', code: 404};
      var errorCallback = null;
      var errorEvent = null;
      post.on('error', function (model, err) { errorEvent = err; });
      var promise = post.fetch({error: function (model, err) { errorCallback = err; }});
      expect(promise).to.be.an.instanceof(Promise);
      socket.ackLast(serverError);
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(false);
        expect(outcome.value).to.equal(serverError);
        expect(errorCallback).to.equal(serverError);
        expect(errorEvent).to.equal(serverError);
      });
    });

    it("with jQuery, returns a jQuery promise that resolves with the server's data", function () {
      Backbone.$ = $;
      var promise = new Post({id: 1}).fetch();
      expect(promise).not.to.be.an.instanceof(Promise);
      expect(promise.done).to.be.a('function');
      expect(promise.state()).to.equal('pending');
      socket.ackLast(null, {id: 1, title: 't'});
      return settled(promise).then(function (outcome) {
        expect(promise.state()).to.equal('resolved');
        expect(outcome.value).to.deep.equal({id: 1, title: 't'});
      });
    });

    it('with jQuery, the promise rejects with the error', function () {
      Backbone.$ = $;
      var promise = new Post({id: 1}).fetch();
      socket.ackLast({message: 'nope', code: 500});
      return settled(promise).then(function (outcome) {
        expect(promise.state()).to.equal('rejected');
        expect(outcome.value).to.deep.equal({message: 'nope', code: 500});
      });
    });

    it('without jQuery in Backbone.$ (e.g. a $ without Deferred), falls back to a native Promise', function () {
      Backbone.$ = function () {};
      expect(new Post({id: 1}).fetch()).to.be.an.instanceof(Promise);
    });

    it("fires 'request' on the model with the promise and options before the answer", function () {
      var post = new Post({id: 1});
      var seen = null;
      post.on('request', function (model, xhr, options) {
        seen = {model: model, xhr: xhr, options: options, emitted: socket.emitted.length};
      });
      var options = {};
      var promise = Backbone.sync('read', post, options);
      expect(seen.model).to.equal(post);
      expect(seen.xhr).to.equal(promise);
      expect(seen.options).to.equal(options);
      expect(seen.emitted).to.equal(0);
    });

    it("fires 'request' on a collection too", function () {
      var posts = new Posts();
      var requests = 0;
      posts.on('request', function (collection) {
        expect(collection).to.equal(posts);
        requests++;
      });
      posts.fetch();
      expect(requests).to.equal(1);
    });

    it('options are optional: Backbone.sync(method, model) survives its ack', function () {
      var post = new Post({title: 'x'});
      var promise = Backbone.sync('create', post);
      socket.ackLast(null, {id: 1});
      return settled(promise).then(function (outcome) {
        expect(outcome).to.deep.equal({resolved: true, value: {id: 1}});
      });
    });

    it('options are optional for a failing call too', function () {
      var promise = Backbone.sync('create', new Post({title: 'x'}));
      socket.ackLast({message: 'bad', code: 400});
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(false);
      });
    });

    it("a failure without an error callback, its promise ignored, still fires Backbone's error event", function (done) {
      var post = new Post({id: 1});
      post.on('error', function (model, err) {
        expect(err).to.deep.equal({message: 'gone', code: 410});
        setTimeout(done, 10);
      });
      post.fetch();
      socket.ackLast({message: 'gone', code: 410});
    });

    it('an ack after the first one is ignored', function () {
      var successes = 0;
      var post = new Post({id: 1});
      post.fetch({success: function () { successes++; }});
      var ack = socket.lastEmit().ack;
      ack(null, {id: 1});
      ack(null, {id: 1});
      expect(successes).to.equal(1);
    });
  });

  describe('socket lookup', function () {
    it('prefers model.socket, then Backbone.socket, then the global socket', function () {
      var own = new FakeSocket();
      var shared = new FakeSocket();
      var global = new FakeSocket();
      Backbone.socket = shared;
      ctx.root.socket = global;

      var post = new Post({id: 1});
      post.socket = own;
      post.fetch();
      expect([own.emitted.length, shared.emitted.length, global.emitted.length]).to.deep.equal([1, 0, 0]);

      new Post({id: 1}).fetch();
      expect([own.emitted.length, shared.emitted.length, global.emitted.length]).to.deep.equal([1, 1, 0]);

      delete Backbone.socket;
      new Post({id: 1}).fetch();
      expect([own.emitted.length, shared.emitted.length, global.emitted.length]).to.deep.equal([1, 1, 1]);
    });

    it('uses a collection\'s own socket for its fetch', function () {
      var own = new FakeSocket();
      var posts = new Posts();
      posts.socket = own;
      posts.fetch();
      expect(own.emitted).to.have.length(1);
      expect(socket.emitted).to.have.length(0);
    });

    it('finds a socket assigned after the bundle was loaded', function () {
      delete Backbone.socket;
      var late = new FakeSocket();
      ctx.root.socket = late;
      new Post({id: 1}).fetch();
      expect(late.lastEmit().name).to.equal('posts:read');
    });
  });

  describe('failures without an answer', function () {
    function failure(post, options) {
      var seen = {sync: false};
      var promise = post.fetch(_.extend({
        error: function (model, err) {
          seen.error = err;
          seen.errorAfterReturn = seen.sync;
        }
      }, options));
      seen.sync = true;
      return settled(promise).then(function (outcome) {
        seen.outcome = outcome;
        return seen;
      });
    }

    it('no socket at all: options.error gets an ENOSOCKET Error, after sync returned', function () {
      delete Backbone.socket;
      var errorEvents = 0;
      var post = new Post({id: 1});
      post.on('error', function () { errorEvents++; });
      return failure(post).then(function (seen) {
        expect(seen.error).to.be.an.instanceof(Error);
        expect(seen.error.code).to.equal('ENOSOCKET');
        expect(seen.error.message).to.match(/posts:read/).and.match(/Backbone\.socket/);
        expect(seen.errorAfterReturn).to.equal(true);
        expect(seen.outcome).to.deep.equal({resolved: false, value: seen.error});
        expect(errorEvents).to.equal(1);
      });
    });

    it('a socket that is disconnected for good: EDISCONNECTED, nothing emitted', function () {
      socket.connected = false;
      socket.active = false;
      return failure(new Post({id: 1})).then(function (seen) {
        expect(seen.error.code).to.equal('EDISCONNECTED');
        expect(seen.error.message).to.match(/posts:read/);
        expect(socket.emitted).to.have.length(0);
      });
    });

    it('an emitter without `active` that reports connected: false cannot deliver either', function () {
      socket.connected = false;
      return failure(new Post({id: 1})).then(function (seen) {
        expect(seen.error.code).to.equal('EDISCONNECTED');
      });
    });

    it('a disconnected socket that is reconnecting (active) still gets the emit, which socket.io buffers', function () {
      socket.connected = false;
      socket.active = true;
      var promise = new Post({id: 1}).fetch();
      expect(socket.lastEmit().name).to.equal('posts:read');
      socket.ackLast(null, {id: 1});
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(true);
      });
    });

    it('options.timeout fails the call with ETIMEDOUT when no ack comes, and a late ack is ignored', function () {
      var successes = 0;
      var post = new Post({id: 1});
      var started = Date.now();
      var promise = post.fetch({
        timeout: 30,
        success: function () { successes++; },
        error: function (model, err) { post.timeoutError = err; }
      });
      var ack = socket.lastEmit().ack;
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(false);
        expect(post.timeoutError.code).to.equal('ETIMEDOUT');
        expect(post.timeoutError.message).to.match(/posts:read/).and.match(/30 ms/);
        expect(Date.now() - started).to.be.at.least(25);
        ack(null, {id: 1, title: 'late'});
        expect(successes).to.equal(0);
        expect(post.has('title')).to.equal(false);
      });
    });

    it('an ack within options.timeout succeeds and no timeout error follows', function () {
      var errors = 0;
      var post = new Post({id: 1});
      var promise = post.fetch({timeout: 40, error: function () { errors++; }});
      socket.ackLast(null, {id: 1, title: 'in time'});
      return settled(promise).then(function (outcome) {
        expect(outcome.resolved).to.equal(true);
        return new Promise(function (resolve) { setTimeout(resolve, 60); });
      }).then(function () {
        expect(errors).to.equal(0);
        expect(post.get('title')).to.equal('in time');
      });
    });

    it('an emit that throws becomes an error, not an exception out of fetch', function () {
      socket.emit = function () { throw new Error('transport exploded'); };
      return failure(new Post({id: 1})).then(function (seen) {
        expect(seen.error.message).to.equal('transport exploded');
      });
    });
  });

  describe('ajaxSync', function () {
    var ajaxCalls;

    beforeEach(function () {
      ajaxCalls = [];
      Backbone.ajax = function (params) {
        ajaxCalls.push(params);
        return {fake: 'xhr'};
      };
    });

    afterEach(function () {
      delete Backbone.ajax;
    });

    it('keeps the original Backbone.sync as Backbone.ajaxSync', function () {
      expect(Backbone.ajaxSync).to.equal(ctx.originalSync);
      expect(Backbone.sync).not.to.equal(ctx.originalSync);
    });

    it('a model with ajaxSync: true goes through AJAX, not the socket', function () {
      var AjaxPost = Post.extend({ajaxSync: true});
      new AjaxPost({title: 'x'}).save();
      expect(socket.emitted).to.have.length(0);
      expect(ajaxCalls).to.have.length(1);
      expect(ajaxCalls[0].type).to.equal('POST');
      expect(ajaxCalls[0].url).to.equal('posts');
    });

    it('ajaxSync may be a function, called on the model', function () {
      var AjaxPost = Post.extend({ajaxSync: function () { return this.get('offline') === true; }});
      new AjaxPost({id: 1, offline: true}).fetch();
      new AjaxPost({id: 2, offline: false}).fetch();
      expect(ajaxCalls).to.have.length(1);
      expect(ajaxCalls[0].url).to.equal('posts/1');
      expect(socket.emitted).to.have.length(1);
      expect(socket.lastEmit().data).to.deep.equal({id: 2, offline: false});
    });

    it('a falsy ajaxSync keeps the socket', function () {
      new (Post.extend({ajaxSync: false}))({id: 1}).fetch();
      expect(ajaxCalls).to.have.length(0);
      expect(socket.emitted).to.have.length(1);
    });

    it('a collection with ajaxSync fetches through AJAX', function () {
      var posts = new Posts();
      posts.ajaxSync = true;
      posts.fetch();
      expect(ajaxCalls).to.have.length(1);
      expect(ajaxCalls[0].type).to.equal('GET');
      expect(socket.emitted).to.have.length(0);
    });
  });

  describe('version', function () {
    it('Backbone.ioSyncVersion is the project version', function () {
      expect(Backbone.ioSyncVersion).to.equal(bundles.projectVersion());
    });

    it('the banner names the bundle and the version', function () {
      var head = bundles.readBundle(ctx.file).slice(0, 300);
      expect(head).to.match(/^\/\*!/);
      expect(head).to.contain('backbone.iosync');
      expect(head).to.contain(bundles.projectVersion());
      expect(bundles.readBundle(ctx.file)).not.to.contain('@VERSION');
    });
  });
});
