import type { DurationBucket, Percentiles } from '../../../protocol/index.js';

/** Numbers in ascending order (a typed array sorts numerically, and without a comparator call per pair). */
const ascending = (values: readonly number[]) => Float64Array.from(values).sort();
const rank = (sorted: Float64Array, p: number): number | null => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : null);

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export const percentile = (values: readonly number[], p: number): number | null => rank(ascending(values), p);

/** p50 and p85 from one sort (a report takes thousands of values through here). */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = ascending(values);
  return { count: values.length, p50: rank(sorted, 50), p85: rank(sorted, 85) };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Bars a person reads at a glance: hours first, then days, then weeks. */
const EDGES: { label: string; toMs: number | null }[] = [
  { label: '< 1h', toMs: HOUR },
  { label: '1–4h', toMs: 4 * HOUR },
  { label: '4–24h', toMs: DAY },
  { label: '1–2d', toMs: 2 * DAY },
  { label: '2–4d', toMs: 4 * DAY },
  { label: '4–7d', toMs: 7 * DAY },
  { label: '1–2w', toMs: 14 * DAY },
  { label: '≥ 2w', toMs: null },
];

export function distribution(values: readonly number[]): DurationBucket[] {
  let from = 0;
  return EDGES.map(({ label, toMs }) => {
    const bucket = { label, fromMs: from, toMs, count: values.filter((v) => v >= from && (toMs === null || v < toMs)).length };
    if (toMs !== null) from = toMs;
    return bucket;
  });
}

export const median = (values: readonly number[]) => percentile(values, 50);
