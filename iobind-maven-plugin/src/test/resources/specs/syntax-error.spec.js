describe('broken', function () {
  it('never runs', function () {
    const x = ;
  });
});
