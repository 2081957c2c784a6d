describe('hung hook', function () {
  beforeEach(function () {
    for (;;) { /* never returns */ }
  });

  it('is behind a hung hook', function () {});
});
