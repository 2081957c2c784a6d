describe('broken', function () {
  it('cannot even load', function () {
    if (true) {{
  });
});
