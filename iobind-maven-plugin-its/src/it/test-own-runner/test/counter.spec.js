'use strict';
// Uses nothing but mocha's globals and chai: no package-lock.json needed.
var expect = require('chai').expect;

describe('counter', function () {
  var count;
  beforeEach(function () { count = 0; });

  it('counts up', function () {
    count += 2;
    expect(count).to.equal(2);
  });

  it('waits for a timer', function (done) {
    setTimeout(function () {
      expect(count).to.equal(0);
      done();
    }, 5);
  });

  it('checks deep equality', function () {
    expect({a: [1, 2]}).to.deep.equal({a: [1, 2]});
  });
});
