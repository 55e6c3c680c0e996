import type { Forecast } from '../../../protocol/index.js';
import { DAY_MS, dayOf, startOfDay } from './days.js';
import { percentile } from './percentiles.js';
import { seededRandom, seedOf } from './random.js';

export const FORECAST_TRIALS = 2000;
/** A future longer than this is no forecast: the history holds too little to say. */
const HORIZON_DAYS = 365;

/**
 * When the sprint's remaining tasks are done: each trial replays days drawn at random from the
 * recent daily completions until the remaining count reaches zero; the 50th and 85th percentile
 * of the trials' lengths are the dates. Day 1 is tomorrow (today's completions are already counted).
 */
export function forecastCompletion(input: { sprint: string; remaining: number; dailyCompleted: number[]; today: Date; endsAt: Date | null }): Forecast {
  const { remaining, dailyCompleted } = input;
  const seed = seedOf(input.sprint);
  const base = { remaining, sampleDays: dailyCompleted.length, trials: FORECAST_TRIALS, seed, endsAt: input.endsAt ? dayOf(input.endsAt) : null };
  const dateIn = (days: number) => dayOf(new Date(startOfDay(dayOf(input.today)).getTime() + days * DAY_MS));
  if (remaining <= 0) {
    return { ...base, p50Days: 0, p85Days: 0, p50Date: dateIn(0), p85Date: dateIn(0), onTrack: base.endsAt ? dateIn(0) <= base.endsAt : null, note: 'Every task is done.' };
  }
  if (!dailyCompleted.some((n) => n > 0)) {
    return { ...base, p50Days: null, p85Days: null, p50Date: null, p85Date: null, onTrack: null, note: `Nothing was completed in the last ${dailyCompleted.length} days, so there is no pace to forecast from.` };
  }
  const random = seededRandom(seed);
  const lengths: number[] = [];
  for (let trial = 0; trial < FORECAST_TRIALS; trial++) {
    let left = remaining;
    let days = 0;
    while (left > 0 && days < HORIZON_DAYS) {
      days += 1;
      left -= dailyCompleted[Math.floor(random() * dailyCompleted.length)]!;
    }
    lengths.push(days);
  }
  const p50Days = percentile(lengths, 50)!;
  const p85Days = percentile(lengths, 85)!;
  const p85Date = dateIn(p85Days);
  return {
    ...base,
    p50Days,
    p85Days,
    p50Date: dateIn(p50Days),
    p85Date,
    onTrack: base.endsAt ? p85Date <= base.endsAt : null,
    note: `${FORECAST_TRIALS} simulated futures drawn from the completions of the last ${dailyCompleted.length} days.`,
  };
}
