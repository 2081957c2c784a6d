const { expect } = require('chai');
const math = require('../lib/math');

describe('math', function () {
  it('adds', function () {
    expect(math.add(2, 2)).to.equal(4);
  });

  it('adds later', function (done) {
    setTimeout(() => { expect(math.add(1, 2)).to.equal(3); done(); }, 10);
  });

  it.skip('subtracts (not written yet)');
});
