'use strict';
const assert = require('assert');
const { expect } = require('chai');
const fs = require('fs');
const path = require('path');
const add = require('./fixtures/add');

describe('passing suite', function () {
  const calls = [];
  before(function () { calls.push('before'); });
  beforeEach(function () { calls.push('beforeEach'); });
  afterEach(function () { calls.push('afterEach'); });

  it('runs hooks in order', function () {
    expect(calls).to.deep.equal(['before', 'beforeEach']);
  });

  it('loads relative modules and JSON', function () {
    expect(add(2, 3)).to.equal(5);
    assert.deepStrictEqual(require('./fixtures/data.json'), { answer: 42 });
  });

  it('reads files next to the spec', function () {
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'add.js'), 'utf8');
    expect(text).to.contain('module.exports');
    expect(fs.existsSync(path.resolve(__dirname, 'nope.js'))).to.equal(false);
  });

  it('waits for done after a timer', function (done) {
    const started = Date.now();
    setTimeout(function () {
      expect(Date.now() - started).to.be.at.least(20);
      done();
    }, 25);
  });

  it('waits for a returned promise', function () {
    return new Promise((resolve) => setImmediate(resolve)).then(() => expect(1).to.equal(1));
  });

  it('supports async functions, intervals and this.timeout', async function () {
    this.timeout(5000);
    let ticks = 0;
    await new Promise((resolve) => {
      const interval = setInterval(() => { if (++ticks === 3) { clearInterval(interval); resolve(); } }, 5);
    });
    expect(ticks).to.equal(3);
  });

  it.skip('is skipped', function () {
    throw new Error('must not run');
  });

  describe('nested', function () {
    it('sees process and global', function () {
      expect(global).to.equal(globalThis);
      expect(process.cwd()).to.be.a('string');
    });
  });
});
