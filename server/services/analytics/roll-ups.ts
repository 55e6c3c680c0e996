import type { Completion, DailyCounter, DailyStatDoc, OwnerMark, StatusStay } from '../../db/models/daily-stat.js';
import type { DayDocuments } from './daily-stats.js';
import { recordsOf, unpackCompletion, unpackMark, unpackStay, type DayRecords } from './records.js';

/** The day documents a report read: the hub's and the sprints' by day, the window's details and the agents'. */
export class RollUps {
  readonly hub = new Map<string, DailyStatDoc>();
  readonly agents: DailyStatDoc[];
  private readonly sprints = new Map<string, DailyStatDoc>();
  private readonly details = new Map<string, DayRecords>();
  private readonly unpacked = new Map<string, Completion[]>();

  constructor(docs: DayDocuments) {
    for (const d of docs.hub) this.hub.set(d.day, d);
    for (const d of docs.sprints) this.sprints.set(`${d.day}|${d.name}`, d);
    for (const d of docs.details) this.details.set(d.day, recordsOf(d));
    this.agents = docs.agents;
  }

  count(day: string, counter: DailyCounter): number {
    return this.hub.get(day)?.[counter] ?? 0;
  }

  total(days: readonly string[], counter: DailyCounter): number {
    return days.reduce((n, d) => n + this.count(d, counter), 0);
  }

  /** The completions of window days (other days' records are not read). */
  completions(days: readonly string[]): Completion[] {
    return days.flatMap((d) => this.unpacked.get(d) ?? this.unpacked.set(d, (this.details.get(d)?.done ?? []).map(unpackCompletion)).get(d)!);
  }

  marks(days: readonly string[]): OwnerMark[] {
    return days.flatMap((d) => (this.details.get(d)?.marks ?? []).map(unpackMark));
  }

  stays(days: readonly string[]): StatusStay[] {
    return days.flatMap((d) => (this.details.get(d)?.stays ?? []).map(unpackStay));
  }

  /** One sprint's counter that day. */
  sprintCount(code: string, day: string, counter: DailyCounter): number {
    return this.sprints.get(`${day}|${code}`)?.[counter] ?? 0;
  }

  /** How one sprint's scope (created, net of cancellations) and done count (completed, net of reopenings) changed that day. */
  sprintDay(code: string, day: string): { scope: number; done: number } {
    const c = (k: DailyCounter) => this.sprintCount(code, day, k);
    return { scope: c('created') - c('cancelled'), done: c('completed') - c('reopened') };
  }
}

export const n = (doc: DailyStatDoc | undefined, counter: DailyCounter): number => doc?.[counter] ?? 0;

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
