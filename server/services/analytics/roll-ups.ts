import type { Completion, DailyCounter, DailyStatDoc } from '../../db/models/daily-stat.js';

/** The day documents a report read: the hub's by day, and the agents'. */
export class RollUps {
  readonly hub = new Map<string, DailyStatDoc>();
  readonly agents: DailyStatDoc[] = [];

  constructor(docs: DailyStatDoc[]) {
    for (const d of docs) {
      if (d.scope === 'hub') this.hub.set(d.day, d);
      else this.agents.push(d);
    }
  }

  count(day: string, counter: DailyCounter): number {
    return this.hub.get(day)?.[counter] ?? 0;
  }

  total(days: readonly string[], counter: DailyCounter): number {
    return days.reduce((n, d) => n + this.count(d, counter), 0);
  }

  completions(days: readonly string[]): Completion[] {
    return days.flatMap((d) => this.hub.get(d)?.done ?? []);
  }

  /** How one sprint's scope and done count changed that day. */
  sprintDay(code: string, day: string): { scope: number; done: number } {
    const doc = this.hub.get(day);
    let scope = 0;
    let done = (doc?.done ?? []).filter((c) => c.s === code).length;
    for (const m of doc?.sprintMoves ?? []) {
      if (m.s !== code) continue;
      scope += m.scope;
      done += m.done;
    }
    return { scope, done };
  }
}

export const n = (doc: DailyStatDoc | undefined, counter: DailyCounter): number => doc?.[counter] ?? 0;

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
