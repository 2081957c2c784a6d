'use strict';
const { expect } = require('chai');

describe('failing suite', function () {
  it('fails an assertion', function () {
    expect(1 + 1).to.equal(3);
  });

  it('throws an error', function () {
    null.property;
  });

  it('times out', function (done) {
    this.timeout(50);
  });

  it('fails inside a timer', function (done) {
    setTimeout(function () {
      throw new Error('boom in a timer');
    }, 1);
  });

  it('rejects a promise', function () {
    return Promise.reject(new RangeError('rejected on purpose'));
  });

  it('still passes afterwards', function () {
    expect(true).to.equal(true);
  });
});
