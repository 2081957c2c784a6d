Backbone.Collection.prototype.ioBindVersion = '@VERSION';
Backbone.Collection.prototype.ioBind = function (event, callback) {
  itSocketFor(this).on(itBindName(this, event), callback);
  return this;
};
