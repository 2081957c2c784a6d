// Sync over the socket (IT sample).
Backbone.ioSyncVersion = '@VERSION';
Backbone.sync = function (method, model, options) {
  var url = _.result(model, 'url');
  itSocketFor(model).emit(url.replace(/^\//, '').split('/')[0] + ':' + method, model.toJSON(), function (err, data) {
    if (err) { options.error(err); } else { options.success(data); }
  });
};
