import { expect } from 'chai';
import { parseSince } from '../../server/commands/since.js';

describe('--since (a duration back or a date)', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('reads a duration as that long before now', () => {
    expect(parseSince('1h', now)?.toISOString()).to.equal('2026-11-30T11:00:00.000Z');
    expect(parseSince('2d', now)?.toISOString()).to.equal('2026-11-28T12:00:00.000Z');
  });

  it('reads dates and times, UTC unless a zone is given', () => {
    expect(parseSince('2026-11-30', now)?.toISOString()).to.equal('2026-11-30T00:00:00.000Z');
    expect(parseSince('2026-11-30T09:30', now)?.toISOString()).to.equal('2026-11-30T09:30:00.000Z');
    expect(parseSince('2026-11-30 09:30:15', now)?.toISOString()).to.equal('2026-11-30T09:30:15.000Z');
    expect(parseSince('2026-11-30T09:30+01:00', now)?.toISOString()).to.equal('2026-11-30T08:30:00.000Z');
    expect(parseSince('2026-11-30t09:30z', now)?.toISOString()).to.equal('2026-11-30T09:30:00.000Z');
  });

  it('refuses what is neither, and days that do not exist', () => {
    for (const text of ['', 'yesterday', '1.5h', '30/11/2026', '2026-11', '2026-02-31', '2026-13-01', '2026-11-30T25:00', '2026-11-30T09:30+0100']) {
      expect(parseSince(text, now), text).to.equal(null);
    }
  });
});
