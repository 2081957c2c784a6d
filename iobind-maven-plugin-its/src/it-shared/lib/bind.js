var itBindName = function (obj, event) {
  return _.result(obj, 'url') + ':' + event;
};
