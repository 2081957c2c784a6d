// Backbone.Model: ioBind / ioUnbind / ioUnbindAll
// -----------------------------------------------
//
// A model listens for pushes about itself: `<url>:<event>`, its url without a
// leading slash, e.g. `todo/abc123:update`.
//
//     var Todo = Backbone.Model.extend({urlRoot: 'todo'});
//     var todo = new Todo({id: 'abc123'});
//     todo.ioBind('update', function (attrs) { this.set(attrs); });
//     todo.ioBind('delete', function () { this.collection.remove(this); });
//     // ... and when done with it:
//     todo.ioUnbindAll();
//
// A model without an id has no url of its own yet. Listening on
// `todo:update` would catch every todo's pushes and never be unbound: instead
// the model warns once on the console and starts listening when its id is set.

var ioModelEventName = function (model, event) {
  if (model.isNew()) return null;
  return ioUrlPath(_.result(model, 'url')) + ':' + event;
};

// Recent Backbones (1.4 and 1.6 among them) signal id changes with
// `changeId`, even on silent sets; `change:<idAttribute>` covers older ones.
var ioModelIdEvents = function (model) {
  return 'change:' + model.idAttribute + ' changeId';
};

var ioModelIdChanged = function () {
  ioRefreshBindings(this, ioModelEventName);
};

var ioModelMethods = ioBindMethods(
  ioModelEventName,
  function (model) {
    model._ioIdEvents = ioModelIdEvents(model);
    model.on(model._ioIdEvents, ioModelIdChanged, model);
  },
  function (model) {
    model.off(model._ioIdEvents, ioModelIdChanged, model);
  }
);

var ioModelBind = ioModelMethods.ioBind;

_.extend(Backbone.Model.prototype, ioModelMethods, {
  // **ioBind** `(event, [socket], [callback], [context])` listens for
  // `<url>:<event>` on `socket` (default: `this.socket`, `Backbone.socket`, the
  // global `socket`), calls `callback` in `context` (default: the model) with
  // each push's data and triggers `event` on the model. Returns the model.
  // Backbone's own event names are refused. Without an id yet, warns once and
  // listens from the moment the id is set.
  ioBind: function (event) {
    ioModelBind.apply(this, arguments);
    if (this.isNew() && !this._ioWarnedNoId) {
      this._ioWarnedNoId = true;
      ioWarn('ioBind("' + event + '") on a model without an id: it will listen ' +
        'once the id is set. Call ioUnbindAll() when the model is done with, or ' +
        'its listeners stay on the socket.');
    }
    return this;
  },

  // The version of backbone.iobind, filled in by the build.
  ioBindVersion: '@VERSION'
});
