const { assert } = require('chai');

describe('strings', function () {
  it('upper-cases', async function () {
    const value = await Promise.resolve('abc');
    assert.strictEqual(value.toUpperCase(), 'ABC');
  });
});
