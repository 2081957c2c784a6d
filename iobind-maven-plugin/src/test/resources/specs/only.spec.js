describe('only suite', function () {
  it('is left out', function () { throw new Error('must not run'); });
  it.only('is the only one', function () {});
});
