import type { Completion, OwnerMark, StatusStay } from '../../db/models/daily-stat.js';

/**
 * The day's records, each packed into one space-separated string (names and statuses never hold
 * a space; a cycle time of a task never started is `-`). One string is the cheapest value for the
 * database to hand back, and a report reads thousands of them.
 */
export const packCompletion = (c: Completion): string => `${c.o} ${c.c ?? '-'} ${c.l}`;

export function unpackCompletion(s: string): Completion {
  const [o, c, l] = s.split(' ');
  return { o: o!, c: c === '-' ? null : Number(c), l: Number(l) };
}

export const packMark = (m: OwnerMark): string => `${m.o} ${m.k}`;

export function unpackMark(s: string): OwnerMark {
  const [o, k] = s.split(' ');
  return { o: o!, k: k as OwnerMark['k'] };
}

export const packStay = (s: StatusStay): string => `${s.status} ${s.ms}`;

export function unpackStay(s: string): StatusStay {
  const [status, ms] = s.split(' ');
  return { status: status!, ms: Number(ms) };
}
