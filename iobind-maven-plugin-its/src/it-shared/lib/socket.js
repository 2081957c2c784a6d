// Finds the socket a model talks through.
var itSocketFor = function (model) {
  return (model && model.socket) || Backbone.socket || root.socket;
};
