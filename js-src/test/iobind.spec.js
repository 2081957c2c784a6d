'use strict';
// backbone.iobind: server pushes become Backbone events (issue 2, "backbone.iobind.js").

var expect = require('chai').expect;
var bundles = require('./support/bundles');
var FakeSocket = require('./support/fake-socket');

var RESERVED = ['change', 'add', 'remove', 'reset', 'sync', 'error', 'request', 'destroy', 'invalid', 'all'];

bundles.eachVariant('backbone.iobind', function (ctx) {
  var Backbone, socket, Todo, Todos;

  beforeEach(function () {
    Backbone = ctx.Backbone;
    socket = new FakeSocket();
    Backbone.socket = socket;
    Todo = Backbone.Model.extend({urlRoot: 'todo'});
    Todos = Backbone.Collection.extend({model: Todo, url: 'todos'});
  });

  it('is the Backbone the spec meant to load', function () {
    expect(Backbone.VERSION).to.equal(ctx.backboneVersion);
  });

  describe('model.ioBind', function () {
    it('listens for <model url>:<event> and calls back with the pushed data in the model\'s context', function () {
      var todo = new Todo({id: 'abc123'});
      var calls = [];
      var returned = todo.ioBind('update', function (data) { calls.push({self: this, data: data}); });
      expect(returned).to.equal(todo);
      expect(socket.listenedNames()).to.deep.equal(['todo/abc123:update']);
      socket.push('todo/abc123:update', {title: 'new'});
      expect(calls).to.have.length(1);
      expect(calls[0].self).to.equal(todo);
      expect(calls[0].data).to.deep.equal({title: 'new'});
    });

    it('also triggers the event on the model with the data', function () {
      var todo = new Todo({id: 1});
      var triggered = [];
      todo.on('update', function (data) { triggered.push(data); });
      todo.ioBind('update', function () {});
      socket.push('todo/1:update', {done: true});
      expect(triggered).to.deep.equal([{done: true}]);
    });

    it('the callback may be left out: the model still triggers the event', function () {
      var todo = new Todo({id: 1});
      var triggered = 0;
      todo.on('delete', function () { triggered++; });
      todo.ioBind('delete');
      socket.push('todo/1:delete', {id: 1});
      expect(triggered).to.equal(1);
    });

    it('runs the callback in the given context', function () {
      var todo = new Todo({id: 1});
      var context = {};
      var seen = null;
      todo.ioBind('update', function () { seen = this; }, context);
      socket.push('todo/1:update', {});
      expect(seen).to.equal(context);
    });

    it('passes every argument of the push on, e.g. a server ack callback', function () {
      var todo = new Todo({id: 1});
      var args = null;
      var triggeredArgs = null;
      todo.on('ask', function () { triggeredArgs = Array.prototype.slice.call(arguments); });
      todo.ioBind('ask', function () { args = Array.prototype.slice.call(arguments); });
      var reply = function () {};
      socket.push('todo/1:ask', {q: 1}, reply);
      expect(args).to.deep.equal([{q: 1}, reply]);
      expect(triggeredArgs).to.deep.equal([{q: 1}, reply]);
    });

    it('drops a leading slash of the url, like the sync namespace does', function () {
      var todo = new (Backbone.Model.extend({urlRoot: '/todo'}))({id: 7});
      todo.ioBind('update', function () {});
      expect(socket.listenedNames()).to.deep.equal(['todo/7:update']);
    });

    it("uses the collection's url for a model without urlRoot", function () {
      var todos = new (Backbone.Collection.extend({url: 'items'}))([{id: 3}]);
      todos.get(3).ioBind('update', function () {});
      expect(socket.listenedNames()).to.deep.equal(['items/3:update']);
    });

    it('binding several callbacks for one event uses one socket listener and triggers the event once per push', function () {
      var todo = new Todo({id: 1});
      var order = [];
      var triggered = 0;
      todo.on('update', function () { triggered++; });
      todo.ioBind('update', function () { order.push('a'); });
      todo.ioBind('update', function () { order.push('b'); });
      expect(socket.listenerCount('todo/1:update')).to.equal(1);
      socket.push('todo/1:update', {});
      expect(order).to.deep.equal(['a', 'b']);
      expect(triggered).to.equal(1);
    });

    it('rejects a callback that is not a function', function () {
      expect(function () { new Todo({id: 1}).ioBind('update', socket, 'nope'); }).to.throw(TypeError, /callback/);
    });

    it('throws a clear error when there is no socket', function () {
      delete Backbone.socket;
      expect(function () { new Todo({id: 1}).ioBind('update', function () {}); })
        .to.throw(Error, /no socket/);
    });
  });

  describe('socket choice', function () {
    it('takes an explicit socket argument', function () {
      var other = new FakeSocket();
      var got = null;
      new Todo({id: 1}).ioBind('update', other, function (data) { got = data; });
      expect(socket.listenedNames()).to.deep.equal([]);
      other.push('todo/1:update', {x: 1});
      expect(got).to.deep.equal({x: 1});
    });

    it('otherwise prefers model.socket, then Backbone.socket, then the global socket', function () {
      var own = new FakeSocket();
      var global = new FakeSocket();
      ctx.root.socket = global;

      var a = new Todo({id: 'a'});
      a.socket = own;
      a.ioBind('update', function () {});
      new Todo({id: 'b'}).ioBind('update', function () {});
      delete Backbone.socket;
      new Todo({id: 'c'}).ioBind('update', function () {});

      expect(own.listenedNames()).to.deep.equal(['todo/a:update']);
      expect(socket.listenedNames()).to.deep.equal(['todo/b:update']);
      expect(global.listenedNames()).to.deep.equal(['todo/c:update']);
    });
  });

  describe('collection.ioBind', function () {
    it('listens for <namespace>:<event> and triggers the event on the collection', function () {
      var todos = new Todos();
      var added = [];
      var triggered = [];
      todos.on('create', function (data) { triggered.push(data); });
      expect(todos.ioBind('create', function (data) { this.add(data); added.push(data); })).to.equal(todos);
      expect(socket.listenedNames()).to.deep.equal(['todos:create']);
      socket.push('todos:create', {id: 9, title: 'pushed'});
      expect(todos.get(9).get('title')).to.equal('pushed');
      expect(added).to.deep.equal([{id: 9, title: 'pushed'}]);
      expect(triggered).to.deep.equal([{id: 9, title: 'pushed'}]);
    });

    it('takes the first path segment of the url as namespace', function () {
      new (Backbone.Collection.extend({url: '/todos/open'}))().ioBind('create', function () {});
      expect(socket.listenedNames()).to.deep.equal(['todos:create']);
    });

    it('throws when the collection has no url', function () {
      expect(function () { new Backbone.Collection().ioBind('create', function () {}); }).to.throw(Error, /url/);
    });
  });

  describe('ioUnbind / ioUnbindAll', function () {
    it('ioUnbind(event, callback) removes only that callback', function () {
      var todo = new Todo({id: 1});
      var calls = [];
      var first = function () { calls.push('first'); };
      var second = function () { calls.push('second'); };
      todo.ioBind('update', first).ioBind('update', second);
      expect(todo.ioUnbind('update', first)).to.equal(todo);
      socket.push('todo/1:update', {});
      expect(calls).to.deep.equal(['second']);
      todo.ioUnbind('update', second);
      expect(socket.listenedNames()).to.deep.equal([]);
    });

    it('ioUnbind(event) removes every binding of the model for that event, on every socket', function () {
      var other = new FakeSocket();
      var todo = new Todo({id: 1});
      todo.ioBind('update', function () {}).ioBind('update', function () {})
        .ioBind('update', other, function () {}).ioBind('delete', function () {});
      todo.ioUnbind('update');
      expect(socket.listenedNames()).to.deep.equal(['todo/1:delete']);
      expect(other.listenedNames()).to.deep.equal([]);
    });

    it('ioUnbind(event, socket) removes the bindings on that socket only', function () {
      var other = new FakeSocket();
      var todo = new Todo({id: 1});
      todo.ioBind('update', function () {}).ioBind('update', other, function () {});
      todo.ioUnbind('update', other);
      expect(socket.listenedNames()).to.deep.equal(['todo/1:update']);
      expect(other.listenedNames()).to.deep.equal([]);
    });

    it('ioUnbind(event, socket, callback) removes that callback on that socket', function () {
      var other = new FakeSocket();
      var todo = new Todo({id: 1});
      var callback = function () {};
      todo.ioBind('update', callback).ioBind('update', other, callback);
      todo.ioUnbind('update', other, callback);
      expect(socket.listenedNames()).to.deep.equal(['todo/1:update']);
      expect(other.listenedNames()).to.deep.equal([]);
    });

    it('ioUnbindAll() removes all the model\'s bindings and returns the model', function () {
      var todo = new Todo({id: 1});
      var calls = 0;
      todo.ioBind('update', function () { calls++; }).ioBind('delete', function () { calls++; });
      expect(todo.ioUnbindAll()).to.equal(todo);
      expect(socket.listenedNames()).to.deep.equal([]);
      socket.push('todo/1:update', {});
      expect(calls).to.equal(0);
    });

    it('ioUnbindAll(socket) removes the bindings on that socket only', function () {
      var other = new FakeSocket();
      var todos = new Todos();
      todos.ioBind('create', function () {}).ioBind('create', other, function () {});
      todos.ioUnbindAll(other);
      expect(socket.listenedNames()).to.deep.equal(['todos:create']);
      expect(other.listenedNames()).to.deep.equal([]);
    });

    it('unbinding what was never bound is harmless', function () {
      var todo = new Todo({id: 1});
      expect(todo.ioUnbind('update')).to.equal(todo);
      expect(todo.ioUnbindAll()).to.equal(todo);
    });

    it("removes only this object's listeners: two models of the same todo keep working independently", function () {
      var views = [new Todo({id: 1}), new Todo({id: 1})];
      var calls = [];
      views[0].ioBind('update', function () { calls.push(0); });
      views[1].ioBind('update', function () { calls.push(1); });
      expect(socket.listenerCount('todo/1:update')).to.equal(2);
      views[0].ioUnbind('update');
      socket.push('todo/1:update', {});
      expect(calls).to.deep.equal([1]);
      views[0].ioUnbindAll();
      socket.push('todo/1:update', {});
      expect(calls).to.deep.equal([1, 1]);
    });

    it("removes only this object's listeners: two collections on todos:create", function () {
      var mine = new Todos();
      var theirs = new Todos();
      mine.ioBind('create', function (data) { this.add(data); });
      theirs.ioBind('create', function (data) { this.add(data); });
      mine.ioUnbindAll();
      socket.push('todos:create', {id: 5});
      expect(mine.length).to.equal(0);
      expect(theirs.length).to.equal(1);
    });

    it('leaves listeners other code put on the socket for the same name', function () {
      var foreign = 0;
      socket.on('todos:create', function () { foreign++; });
      var todos = new Todos();
      todos.ioBind('create', function () {});
      todos.ioUnbind('create');
      socket.push('todos:create', {});
      expect(foreign).to.equal(1);
    });
  });

  describe('emitter styles', function () {
    it('unbinds with off() when the socket has it (socket.io-client 1+)', function () {
      var removals = [];
      var off = socket.off;
      socket.off = function (name, fn) { removals.push(name); return off.call(this, name, fn); };
      socket.removeListener = function () { throw new Error('removeListener should not be used'); };
      new Todo({id: 1}).ioBind('update', function () {}).ioUnbindAll();
      expect(removals).to.deep.equal(['todo/1:update']);
      expect(socket.listenedNames()).to.deep.equal([]);
    });

    it('unbinds with removeListener() on older emitters without off()', function () {
      var old = new FakeSocket({api: 'removeListener'});
      expect(old.off).to.equal(undefined);
      var calls = [];
      var a = new Todo({id: 1});
      var b = new Todo({id: 1});
      a.ioBind('update', old, function () { calls.push('a'); });
      b.ioBind('update', old, function () { calls.push('b'); });
      a.ioUnbind('update', old);
      old.push('todo/1:update', {});
      expect(calls).to.deep.equal(['b']);
    });

    it('says so when the socket can remove no listener at all', function () {
      var bare = {on: function () {}};
      var todo = new Todo({id: 1}).ioBind('update', bare, function () {});
      expect(function () { todo.ioUnbindAll(); }).to.throw(TypeError, /off\(\).*removeListener\(\)/);
    });
  });

  describe('a model without an id', function () {
    it('warns once, listens on nothing, and binds when the id arrives', function () {
      var todo = new Todo({title: 'draft'});
      var got = [];
      todo.ioBind('update', function (data) { got.push(data); });
      todo.ioBind('delete', function () {});
      expect(ctx.root.warnings).to.have.length(1);
      expect(ctx.root.warnings[0]).to.match(/ioBind\("update"\)/).and.match(/id/);
      expect(socket.listenedNames()).to.deep.equal([]);

      todo.set({id: 42});
      expect(socket.listenedNames()).to.deep.equal(['todo/42:delete', 'todo/42:update']);
      socket.push('todo/42:update', {title: 'final'});
      expect(got).to.deep.equal([{title: 'final'}]);
      expect(ctx.root.warnings).to.have.length(1);
    });

    it('never listens on todo/undefined or on the bare url', function () {
      var todo = new Todo();
      todo.ioBind('update', function () {});
      expect(socket.listenerCount('todo/undefined:update')).to.equal(0);
      expect(socket.listenerCount('todo:update')).to.equal(0);
    });

    it('ioUnbindAll before the id arrives leaves nothing bound afterwards', function () {
      var todo = new Todo();
      todo.ioBind('update', function () {});
      todo.ioUnbindAll();
      todo.set({id: 3});
      expect(socket.listenedNames()).to.deep.equal([]);
    });

    it('binds even when the id is set silently', function () {
      var todo = new Todo();
      todo.ioBind('update', function () {});
      todo.set({id: 8}, {silent: true});
      expect(socket.listenedNames()).to.deep.equal(['todo/8:update']);
    });

    it('a model whose id changes moves its listeners to the new url', function () {
      var todo = new Todo({id: 1});
      todo.ioBind('update', function () {});
      todo.set({id: 2});
      expect(socket.listenedNames()).to.deep.equal(['todo/2:update']);
    });

    it("uses the model's idAttribute", function () {
      var Doc = Backbone.Model.extend({urlRoot: 'docs', idAttribute: '_id'});
      var doc = new Doc();
      doc.ioBind('update', function () {});
      doc.set({_id: 'd1'});
      expect(socket.listenedNames()).to.deep.equal(['docs/d1:update']);
    });

    it('a model with an id does not warn', function () {
      new Todo({id: 1}).ioBind('update', function () {});
      expect(ctx.root.warnings).to.deep.equal([]);
    });
  });

  describe('reserved Backbone events', function () {
    RESERVED.forEach(function (name) {
      it('refuses to bind "' + name + '" on a model or a collection', function () {
        expect(function () { new Todo({id: 1}).ioBind(name, function () {}); })
          .to.throw(Error, new RegExp('"' + name + '" is a reserved Backbone event'));
        expect(function () { new Todos().ioBind(name, function () {}); })
          .to.throw(Error, /reserved Backbone event/);
        expect(socket.listenedNames()).to.deep.equal([]);
      });
    });

    it('refuses attribute change events such as "change:title"', function () {
      expect(function () { new Todo({id: 1}).ioBind('change:title', function () {}); })
        .to.throw(Error, /reserved/);
    });

    it('refuses an event name that is not a non-empty string', function () {
      expect(function () { new Todo({id: 1}).ioBind('', function () {}); }).to.throw(TypeError, /event name/);
      expect(function () { new Todo({id: 1}).ioBind(undefined, function () {}); }).to.throw(TypeError, /event name/);
    });

    it('accepts the server events ioSync servers push: create, update, delete', function () {
      new Todos().ioBind('create', function () {});
      new Todo({id: 1}).ioBind('update', function () {}).ioBind('delete', function () {});
      expect(socket.listenedNames()).to.deep.equal(['todo/1:delete', 'todo/1:update', 'todos:create']);
    });
  });

  describe('version', function () {
    it('Model and Collection prototypes carry the project version as ioBindVersion', function () {
      var version = bundles.projectVersion();
      expect(Backbone.Model.prototype.ioBindVersion).to.equal(version);
      expect(Backbone.Collection.prototype.ioBindVersion).to.equal(version);
      expect(new Todo().ioBindVersion).to.equal(version);
    });

    it('the banner names the bundle and the version', function () {
      var text = bundles.readBundle(ctx.file);
      expect(text.slice(0, 300)).to.match(/^\/\*!/).and.contain('backbone.iobind').and.contain(bundles.projectVersion());
      expect(text).not.to.contain('@VERSION');
    });
  });
});
