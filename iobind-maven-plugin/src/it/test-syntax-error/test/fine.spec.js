describe('fine', function () {
  it('still runs', function () {});
});
