import { expect } from 'chai';
import { formatDuration, parseDuration } from '../../server/commands/duration.js';

describe('durations (--ttl=1h)', () => {
  it('reads seconds, minutes, hours, days and their sums', () => {
    expect(parseDuration('90s')).to.equal(90_000);
    expect(parseDuration('15m')).to.equal(900_000);
    expect(parseDuration('1H')).to.equal(3_600_000);
    expect(parseDuration('1h30m')).to.equal(5_400_000);
    expect(parseDuration('2d')).to.equal(172_800_000);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', '1', 'h', '1x', '1.5h', '-1h', '1h 30m', 'soon']) expect(parseDuration(text), text).to.equal(null);
  });

  it('writes a duration back the way it is typed', () => {
    expect(formatDuration(5_400_000)).to.equal('1h30m');
    expect(formatDuration(172_800_000 + 1000)).to.equal('2d1s');
    expect(formatDuration(0)).to.equal('0s');
  });
});
