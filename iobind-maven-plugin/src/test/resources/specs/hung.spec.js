describe('hung suite', function () {
  it('passes first', function () {});

  it('loops forever', function () {
    this.timeout(0);
    for (;;) { /* an endless synchronous loop */ }
  });

  it('is never reached', function () {});
});
