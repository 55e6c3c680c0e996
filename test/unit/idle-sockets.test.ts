import { expect } from 'chai';
import { idleSocketCount } from '../../scripts/bench/idle.js';

describe('bench idle phase: how many sockets it opens', () => {
  it('opens what was asked when the open-file limit holds it, or when the limit is unknown', () => {
    expect(idleSocketCount(10_000, 20_000)).to.deep.equal({ count: 10_000, note: null });
    expect(idleSocketCount(10_000, Infinity)).to.deep.equal({ count: 10_000, note: null });
    expect(idleSocketCount(10_000, null)).to.deep.equal({ count: 10_000, note: null });
  });

  it('caps the count below the open-file limit and says why and how to raise it', () => {
    const { count, note } = idleSocketCount(10_000, 4096);
    expect(count).to.equal(4096 - 1024);
    expect(note).to.contain('ulimit -n').and.to.contain('4096').and.to.contain('open 10000');
  });
});
