Backbone.Model.prototype.ioBindVersion = '@VERSION';
Backbone.Model.prototype.ioBind = function (event, callback) {
  itSocketFor(this).on(itBindName(this, event), callback);
  return this;
Backbone.Model.prototype.ioUnbind = function (event) {
  var name = itBindName(this, event);
  itSocketFor(this).off(name);
  return this;
};
