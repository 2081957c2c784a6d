const { expect } = require('chai');

describe('red', function () {
  it('passes', function () {});

  it('compares wrongly', function () {
    expect([1, 2]).to.deep.equal([1, 3]);
  });
});
