describe('after the hang', function () {
  it('runs', function () {});
});
