// No .only here: with a .only in another file, Node's mocha runs none of these.
describe('plain', function () {
  it('would fail if it ran', function () { throw new Error('plain.spec.js must not run'); });
});
