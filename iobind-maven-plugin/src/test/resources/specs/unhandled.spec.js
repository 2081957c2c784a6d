describe('unhandled rejections', function () {
  it('leaves a rejection unhandled', function (done) {
    Promise.reject(new Error('nobody catches me'));
    setTimeout(done, 20);
  });

  it('lets a rejection handled in time pass', function (done) {
    const rejected = Promise.reject(new Error('caught'));
    rejected.catch(() => done());
  });
});
