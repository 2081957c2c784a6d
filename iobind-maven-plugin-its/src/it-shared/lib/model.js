Backbone.Model.prototype.ioBindVersion = '@VERSION';
Backbone.Model.prototype.ioBind = function (event, callback) {
  itSocketFor(this).on(itBindName(this, event), callback);
  return this;
};
