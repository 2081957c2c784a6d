'use strict';
// jQuery 3 refuses to start without a DOM; a few inert objects are enough for
// what the library uses of it ($.Deferred).

function fakeElement() {
  var noop = function () {};
  return {
    nodeType: 1, style: {}, innerHTML: '', childNodes: [], firstChild: {}, lastChild: {},
    setAttribute: noop, getAttribute: function () { return null; },
    appendChild: function (child) { return child; }, removeChild: function (child) { return child; },
    cloneNode: function () { return fakeElement(); },
    querySelectorAll: function () { return []; }, getElementsByTagName: function () { return []; },
    addEventListener: noop, removeEventListener: noop, contains: function () { return false; }
  };
}

function fakeWindow() {
  var document = fakeElement();
  document.nodeType = 9;
  document.readyState = 'complete';
  document.documentElement = fakeElement();
  document.body = fakeElement();
  document.createElement = fakeElement;
  document.createDocumentFragment = fakeElement;
  document.createTextNode = fakeElement;
  document.implementation = {createHTMLDocument: function () { return document; }};
  return {document: document, location: {href: 'http://127.0.0.1/'}, setTimeout: setTimeout, clearTimeout: clearTimeout};
}

var jquery = require('jquery');
// Where a global document exists, require('jquery') is jQuery itself;
// elsewhere it is a factory waiting for a window.
module.exports = typeof jquery.Deferred === 'function' ? jquery : jquery(fakeWindow());
