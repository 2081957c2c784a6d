const broken = require('./fixtures/broken');

describe('never defined', function () {
  it('never runs', function () {});
});
