describe('hung', function () {
  it('spins forever', function () {
    while (true) { /* never returns */ }
  });
});
