import { expect } from 'chai';
import { KnownTokens, TOKEN_COPY_MAX_AGE_MS } from '../../server/services/known-tokens.js';
import { ManualClock } from '../support/clock.js';

const holder = (name: string) => ({ id: `id-${name}`, name, kind: 'agent' as const, role: 'agent' as const });

describe('KnownTokens', () => {
  it('keeps a token for a minute from when the database found it valid', () => {
    const clock = new ManualClock();
    const known = new KnownTokens(clock);
    known.put('h1', holder('ann'), 't1', known.mark());
    clock.advance(TOKEN_COPY_MAX_AGE_MS - 1);
    expect(known.get('h1')?.principal.name).to.equal('ann');
    clock.advance(1);
    expect(known.get('h1')).to.equal(null);
  });

  it('does not keep what a lookup found if a revocation came while it was in flight', () => {
    const known = new KnownTokens(new ManualClock());
    const mark = known.mark();
    known.forget(['t-other']); // any revocation: the lookup may have read the token before it
    known.put('h1', holder('ann'), 't1', mark);
    expect(known.get('h1')).to.equal(null);
    known.put('h1', holder('ann'), 't1', known.mark());
    expect(known.get('h1')?.tokenId).to.equal('t1');
  });

  it('forgets revoked tokens, and the least recently used past its size', () => {
    const known = new KnownTokens(new ManualClock(), 2);
    known.put('h1', holder('ann'), 't1', known.mark());
    known.put('h2', holder('bob'), 't2', known.mark());
    expect(known.get('h1')).to.not.equal(null); // h1 is now the most recently used
    known.put('h3', holder('cid'), 't3', known.mark());
    expect([known.get('h1') !== null, known.get('h2') !== null, known.get('h3') !== null]).to.deep.equal([true, false, true]);
    known.forget(['t3']);
    expect(known.get('h3')).to.equal(null);
    expect(known.get('h1')).to.not.equal(null);
  });
});
