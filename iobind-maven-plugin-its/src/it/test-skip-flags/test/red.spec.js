describe('red', function () {
  it('fails', function () { throw new Error('red on purpose'); });
  it('passes', function () {});
});
