'use strict';
const { expect } = require('chai');

describe('locked packages', function () {
  // The first require parses underscore and Backbone in GraalJS's interpreter (Maven's JVM has no optimizing
  // runtime): 2.6 s once on a busy 2-core machine, over mocha's 2 s default, and the build failed at random.
  this.timeout(30000);

  it('loads underscore and Backbone the CommonJS way', function () {
    const _ = require('underscore');
    const Backbone = require('backbone');
    expect(_.VERSION).to.equal('1.13.7');
    expect(Backbone.VERSION).to.equal('1.6.1');
    const Model = Backbone.Model.extend({ urlRoot: '/todos' });
    expect(new Model({ id: 'a1' }).url()).to.equal('/todos/a1');
  });

  it('loads an aliased older Backbone', function () {
    expect(require('backbone-1.4').VERSION).to.equal('1.4.1');
  });

  it('gives jQuery its factory without a DOM, as under Node', function () {
    const factory = require('jquery');
    expect(factory).to.be.a('function');
  });

  it('says clearly when a module is missing', function () {
    expect(() => require('left-pad')).to.throw(/Cannot find module 'left-pad'/);
  });
});
