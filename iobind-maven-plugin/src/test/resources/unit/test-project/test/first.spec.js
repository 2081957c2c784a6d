// Never run by the harness tests: they stop at the skip switches and the spec selection.
describe('first', function () {
  it('passes', function () {});
});
