import { z } from 'zod';
import { parseDuration } from './duration.js';

/** `2026-11-30`, `2026-11-30T09:00`, `2026-11-30 09:00:00Z`, `...+01:00`. */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** True when the day exists: `2026-02-31` would otherwise roll over into March. */
const realDay = (y: number, m: number, d: number) => {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
};

/**
 * `1h` (that long ago) or an ISO date or time -> the moment; null when it is neither. Times
 * without a zone are UTC, as the hub shows them.
 */
export function parseSince(text: string, now = Date.now()): Date | null {
  const s = text.trim().toUpperCase().replace(' ', 'T');
  const ms = parseDuration(s);
  if (ms !== null) return new Date(now - ms);
  const iso = ISO_PATTERN.exec(s);
  if (!iso || !realDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return null;
  const date = new Date(s.includes('T') && !iso[4] ? `${s}Z` : s);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A `--since` option: a duration back from now, or a date. */
export const since = () =>
  z.string({ error: 'give --since as a duration, like 1h, or a date, like 2026-11-30' }).transform((s, ctx) => {
    const date = parseSince(s);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is neither a duration (like 30m, 1h, 2d) nor a date (like 2026-11-30 or 2026-11-30T09:00Z)` });
      return z.NEVER;
    }
    return date;
  });
