import type { BurnDay } from '../../../protocol/index.js';
import type { TaskDoc } from '../../db/models/task.js';
import { weekOf } from './days.js';
import type { RollUps } from './roll-ups.js';

/** Tasks completed per week (moves into completed; a reopened task counts again when completed again). */
export function weeklyVelocity(rollUps: RollUps, days: readonly string[], weeks: number): { week: string; completed: number }[] {
  const byWeek = new Map<string, number>();
  for (const day of days) byWeek.set(weekOf(day), (byWeek.get(weekOf(day)) ?? 0) + rollUps.count(day, 'completed'));
  return [...byWeek].slice(-weeks).map(([week, completed]) => ({ week, completed }));
}

/**
 * Scope and done at the end of each day, walked back from the sprint's tasks as they are now
 * through each day's changes (created, cancelled, completed, reopened), so it is exact even for
 * tasks made before the roll-ups existed (they are simply there from the first day).
 */
export function burnUp(rollUps: RollUps, sprint: string, tasks: readonly Pick<TaskDoc, 'status'>[], days: readonly string[]): BurnDay[] {
  let scope = tasks.filter((t) => t.status !== 'cancelled').length;
  let done = tasks.filter((t) => t.status === 'completed').length;
  const out: BurnDay[] = [];
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i]!;
    out.push({ day, scope, done, remaining: scope - done });
    const change = rollUps.sprintDay(sprint, day);
    scope -= change.scope;
    done -= change.done;
  }
  return out.reverse();
}

/**
 * Per sprint with changes in the read days: completed (net of reopenings) of the tasks added
 * (net of cancellations) in those days; the selected sprint from its tasks as they are. The
 * `count` sprints changed last.
 */
export function sprintVelocity(
  rollUps: RollUps,
  days: readonly string[],
  selected: { code: string; tasks: readonly Pick<TaskDoc, 'status'>[] } | null,
  count: number,
): { code: string; completed: number; total: number }[] {
  const by = new Map<string, { completed: number; total: number; last: string }>();
  for (const day of days) {
    for (const code of rollUps.hub.get(day)?.sprints ?? []) {
      const change = rollUps.sprintDay(code, day);
      const s = by.get(code) ?? { completed: 0, total: 0, last: day };
      s.completed += change.done;
      s.total += change.scope;
      s.last = day;
      by.set(code, s);
    }
  }
  if (selected) {
    const total = selected.tasks.filter((t) => t.status !== 'cancelled').length;
    by.set(selected.code, { completed: selected.tasks.filter((t) => t.status === 'completed').length, total, last: '9999' });
  }
  return [...by]
    .sort((a, b) => b[1].last.localeCompare(a[1].last) || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([code, s]) => ({ code, completed: s.completed, total: s.total }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Completions per day of one sprint, for the forecast to draw from. */
export const dailyCompletions = (rollUps: RollUps, sprint: string, days: readonly string[]) => days.map((day) => rollUps.sprintCount(sprint, day, 'completed'));
