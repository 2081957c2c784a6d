'use strict';
// Both bundles on one page: the Backbone patterns of the "Done." example.

var expect = require('chai').expect;
var bundles = require('./support/bundles');
var FakeSocket = require('./support/fake-socket');

bundles.eachVariant(['backbone.iosync', 'backbone.iobind'], function (ctx) {
  var Backbone, socket, Todo, Todos;

  beforeEach(function () {
    Backbone = ctx.Backbone;
    socket = new FakeSocket();
    Backbone.socket = socket;
    Todo = Backbone.Model.extend({
      urlRoot: 'todo',
      initialize: function () {
        this.ioBind('update', this.set, this);
        this.ioBind('delete', function () {
          if (this.collection) this.collection.remove(this);
          this.ioUnbindAll();
        });
      }
    });
    Todos = Backbone.Collection.extend({
      model: Todo,
      url: 'todos',
      initialize: function () {
        this.ioBind('create', function (attrs) { this.add(attrs, {merge: true}); });
      }
    });
  });

  it('a created model gets the server id, then listens on todo/<id>', function () {
    var todos = new Todos();
    var todo = todos.create({title: 'write specs'});
    expect(ctx.root.warnings).to.have.length(1);
    expect(socket.lastEmit().name).to.equal('todo:create');
    socket.ackLast(null, {id: 't1', title: 'write specs'});
    return new Promise(function (resolve) { todo.once('sync', resolve); }).then(function () {
      expect(socket.listenedNames()).to.deep.equal(['todo/t1:delete', 'todo/t1:update', 'todos:create']);
      socket.push('todo/t1:update', {title: 'write more specs'});
      expect(todo.get('title')).to.equal('write more specs');
    });
  });

  it('a push of the creation the client made itself merges instead of duplicating', function () {
    var todos = new Todos([{id: 't1', title: 'x'}]);
    socket.push('todos:create', {id: 't1', title: 'x'});
    socket.push('todos:create', {id: 't2', title: 'y'});
    expect(todos.pluck('id')).to.deep.equal(['t1', 't2']);
  });

  it('a delete push removes the model and all its listeners, leaving the others', function () {
    var todos = new Todos([{id: 'a'}, {id: 'b'}]);
    socket.push('todo/a:delete', {id: 'a'});
    expect(todos.pluck('id')).to.deep.equal(['b']);
    expect(socket.listenedNames()).to.deep.equal(['todo/b:delete', 'todo/b:update', 'todos:create']);
  });

  it('fetch, save and destroy round-trip through acks', function () {
    var todos = new Todos();
    var fetched = todos.fetch();
    expect(socket.lastEmit().name).to.equal('todos:read');
    socket.ackLast(null, [{id: 'a', title: 'one'}]);
    return fetched.then(function () {
      var todo = todos.get('a');
      var saved = todo.save({title: 'uno'}, {patch: true});
      expect(socket.lastEmit().name).to.equal('todo:patch');
      expect(socket.lastEmit().data).to.deep.equal({id: 'a', title: 'uno'});
      socket.ackLast(null, {id: 'a', title: 'uno'});
      return saved.then(function () {
        var destroyed = todo.destroy({wait: true});
        expect(socket.lastEmit().name).to.equal('todo:delete');
        socket.ackLast(null, {});
        return destroyed;
      });
    }).then(function () {
      expect(todos.length).to.equal(0);
    });
  });
});
