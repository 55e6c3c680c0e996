import type { Models } from '../../db/models/index.js';
import { dailyId } from './daily-stats.js';
import { packCompletion, packMark, packStay } from './records.js';

/** The records the hub's day documents carried before they moved out. */
interface LegacyHubDay {
  _id: string;
  day: string;
  done?: { o: string; s: string; c: number | null; l: number }[];
  sprintMoves?: { s: string; scope: number; done: number }[];
  marks?: { o: string; k: 'rejected' | 'approved' | 'reopened' }[];
  stays?: { status: string; ms: number }[];
}

const LEGACY = ['done', 'sprintMoves', 'marks', 'stays'] as const;

/**
 * Moves each old hub day document's records into the day's detail document (packed) and its
 * sprints' counters into sprint documents, then drops them from the hub's. Values are set, not
 * added, so a pass cut short and run again writes the same; it runs before this hub records
 * anything of its own.
 */
export async function splitDailyRecords(models: Models): Promise<number> {
  // The driver's collection: the model no longer knows the old fields, and would drop them from the update.
  const days = models.dailyStats.collection;
  let n = 0;
  for await (const raw of days.find({ scope: 'hub' })) {
    const doc = raw as unknown as LegacyHubDay;
    if (!LEGACY.some((k) => doc[k] !== undefined)) continue;
    const sprints = new Map<string, { created: number; completed: number; cancelled: number; reopened: number }>();
    const of = (code: string) => sprints.get(code) ?? sprints.set(code, { created: 0, completed: 0, cancelled: 0, reopened: 0 }).get(code)!;
    for (const c of doc.done ?? []) of(c.s).completed++;
    for (const m of doc.sprintMoves ?? []) {
      if (m.scope > 0) of(m.s).created += m.scope;
      if (m.scope < 0) of(m.s).cancelled -= m.scope;
      if (m.done < 0) of(m.s).reopened -= m.done;
    }
    const detail = {
      done: (doc.done ?? []).map((c) => packCompletion({ o: c.o, c: c.c, l: c.l })),
      marks: (doc.marks ?? []).map(packMark),
      stays: (doc.stays ?? []).map(packStay),
    };
    if (detail.done.length + detail.marks.length + detail.stays.length) {
      await days.updateOne({ _id: dailyId(doc.day, 'detail') as never }, { $set: { day: doc.day, scope: 'detail', name: null, ...detail } }, { upsert: true });
    }
    for (const [code, counts] of sprints) {
      await days.updateOne({ _id: dailyId(doc.day, 'sprint', code) as never }, { $set: { day: doc.day, scope: 'sprint', name: code, ...counts } }, { upsert: true });
    }
    await days.updateOne({ _id: doc._id as never }, { $unset: Object.fromEntries(LEGACY.map((k) => [k, ''])) });
    n++;
  }
  return n;
}
