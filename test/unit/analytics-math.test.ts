import { expect } from 'chai';
import { forecastCompletion } from '../../server/services/analytics/forecast.js';
import { distribution, percentile } from '../../server/services/analytics/percentiles.js';
import { daysEnding, weekOf } from '../../server/services/analytics/days.js';

describe('analytics arithmetic', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).to.equal(null);
    expect(percentile([5], 85)).to.equal(5);
    expect(percentile([4, 18, 24, 24, 96], 50)).to.equal(24);
    expect(percentile([4, 18, 24, 24, 96], 85)).to.equal(96);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 85)).to.equal(9);
  });

  it('puts each duration in exactly one bar', () => {
    const h = 3_600_000;
    const bars = distribution([0, h - 1, h, 30 * h, 400 * h]);
    expect(bars.map((b) => b.count)).to.deep.equal([2, 1, 0, 1, 0, 0, 0, 1]);
    expect(bars.at(-1)).to.deep.include({ toMs: null });
  });

  it('names weeks by their Monday and days in UTC', () => {
    expect(weekOf('2026-11-08')).to.equal('2026-11-02');
    expect(weekOf('2026-11-09')).to.equal('2026-11-09');
    expect(daysEnding(new Date('2026-03-01T23:59:00Z'), 3)).to.deep.equal(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('forecasts exactly when every day completes the same amount, and says so when nothing was completed', () => {
    const steady = forecastCompletion({ sprint: 'S', remaining: 5, dailyCompleted: [2, 2, 2], today: new Date('2026-11-10T12:00:00Z'), endsAt: new Date('2026-11-13T00:00:00Z') });
    expect(steady).to.deep.include({ p50Days: 3, p85Days: 3, p50Date: '2026-11-13', p85Date: '2026-11-13', onTrack: true });
    const idle = forecastCompletion({ sprint: 'S', remaining: 5, dailyCompleted: [0, 0], today: new Date('2026-11-10T12:00:00Z'), endsAt: null });
    expect(idle).to.deep.include({ p50Date: null, onTrack: null });
    expect(idle.note).to.contain('Nothing was completed');
  });
});
