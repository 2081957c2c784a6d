// Mentions it.only( in a comment and a string but marks nothing: it must not restrict the run.
describe('mentions only', function () {
  it('runs', function () {
    if ('x.only(' === '') throw new Error('never');
  });
});
