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

/** A day's records, as pushed: one array per kind. */
export interface DayRecords {
  done: string[];
  marks: string[];
  stays: string[];
}
const KINDS = ['done', 'marks', 'stays'] as const;
const TAG = { done: 'd', marks: 'm', stays: 's' } as const;

/**
 * All of a finished day's records in one string, a line each (`d `, `m ` or `s ` and the record):
 * a day no longer changes, so reports read one value for it instead of hundreds.
 */
export const sealRecords = (r: DayRecords): string => KINDS.flatMap((k) => r[k].map((x) => `${TAG[k]} ${x}`)).join('\n');

/** The records of a detail document: those sealed, then any pushed since. */
export function recordsOf(doc: Partial<DayRecords> & { sealed?: string | null }): DayRecords {
  const out: DayRecords = { done: [], marks: [], stays: [] };
  for (const line of doc.sealed ? doc.sealed.split('\n') : []) {
    const kind = KINDS.find((k) => line.startsWith(`${TAG[k]} `));
    if (kind) out[kind].push(line.slice(2));
  }
  for (const k of KINDS) out[k].push(...(doc[k] ?? []));
  return out;
}
