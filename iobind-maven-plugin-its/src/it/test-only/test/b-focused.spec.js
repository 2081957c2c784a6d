describe('focused', function () {
  it.only('is the one test that runs', function () {});
  it('is left out', function () { throw new Error('left out'); });
});
