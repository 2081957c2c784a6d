(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define(['backbone', 'underscore'], function (Backbone, _) {
      return factory(root, Backbone, _);
    });
  } else if (typeof module === 'object' && module && module.exports) {
    module.exports = factory(root, require('backbone'), require('underscore'));
  } else {
    factory(root, root.Backbone, root._);
  }
}(typeof self === 'object' && self && self.self === self ? self
  : typeof global === 'object' && global && global.global === global ? global
  : typeof globalThis === 'object' && globalThis ? globalThis
  : this, function (root, Backbone, _) {
