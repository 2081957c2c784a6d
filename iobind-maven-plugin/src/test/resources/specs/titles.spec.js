describe('titles with regex characters', function () {
  it('calls f(x) once', function () {});
  it('calls fx once', function () {});
  it('calls f[x] once', function () {});
});
