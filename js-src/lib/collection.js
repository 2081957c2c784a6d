// Backbone.Collection: ioBind / ioUnbind / ioUnbindAll
// ----------------------------------------------------
//
// A collection listens for pushes to its namespace: `<namespace>:<event>`,
// the first path segment of its url, e.g. `todos:create`.
//
//     var Todos = Backbone.Collection.extend({model: Todo, url: 'todos'});
//     var todos = new Todos();
//     todos.ioBind('create', function (attrs) { this.add(attrs, {merge: true}); });
//     todos.fetch();

var ioCollectionEventName = function (collection, event) {
  return ioNamespace(_.result(collection, 'url')) + ':' + event;
};

_.extend(Backbone.Collection.prototype, ioBindMethods(ioCollectionEventName, ioNoop, ioNoop), {
  // The version of backbone.iobind, filled in by the build.
  ioBindVersion: '@VERSION'
});
