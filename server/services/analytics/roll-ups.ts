import type { DailyCounter, DailyStatDoc } from '../../db/models/daily-stat.js';

/** The day documents a report read, indexed by scope, to add up per day, sprint or principal. */
export class RollUps {
  readonly hub = new Map<string, DailyStatDoc>();
  readonly sprints: DailyStatDoc[] = [];
  readonly actors: DailyStatDoc[] = [];

  constructor(docs: DailyStatDoc[]) {
    for (const d of docs) {
      if (d.scope === 'hub') this.hub.set(d.day, d);
      else if (d.scope === 'sprint') this.sprints.push(d);
      else this.actors.push(d);
    }
  }

  count(day: string, counter: DailyCounter): number {
    return this.hub.get(day)?.[counter] ?? 0;
  }

  total(days: readonly string[], counter: DailyCounter): number {
    return days.reduce((n, d) => n + this.count(d, counter), 0);
  }

  /** The values pushed on these days (cycle or lead times). */
  values(days: readonly string[], field: 'cycleMs' | 'leadMs'): number[] {
    return days.flatMap((d) => this.hub.get(d)?.[field] ?? []);
  }

  sprintDay(code: string, day: string): DailyStatDoc | undefined {
    return this.sprints.find((d) => d.name === code && d.day === day);
  }
}

export const n = (doc: DailyStatDoc | undefined, counter: DailyCounter): number => doc?.[counter] ?? 0;

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
