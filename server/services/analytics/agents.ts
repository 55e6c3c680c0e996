import type { AgentPerformance } from '../../../protocol/index.js';
import type { Completion, DailyStatDoc, OwnerMark } from '../../db/models/daily-stat.js';
import { median } from './percentiles.js';
import { n, ratio } from './roll-ups.js';

/**
 * Each agent's figures over the window: its tasks' completions, review decisions and reopenings
 * from the hub's documents, its own actions (commands, messages, INIT) from its documents.
 */
export function agentPerformance(agents: readonly string[], window: { completions: Completion[]; marks: OwnerMark[]; agentDays: readonly DailyStatDoc[] }): AgentPerformance[] {
  const of = <T>(xs: readonly T[], owner: (x: T) => string | null) => {
    const by = new Map<string, T[]>();
    for (const x of xs) {
      const o = owner(x);
      if (o !== null) (by.get(o) ?? by.set(o, []).get(o)!).push(x);
    }
    return by;
  };
  const daysOf = of(window.agentDays, (d) => d.name);
  const completionsOf = of(window.completions, (c) => c.o);
  return agents
    .map((name) => {
      const days = daysOf.get(name) ?? [];
      const sum = (c: Parameters<typeof n>[1]) => days.reduce((s, d) => s + n(d, c), 0);
      const mine = completionsOf.get(name) ?? [];
      const marks = (k: OwnerMark['k']) => window.marks.filter((m) => m.o === name && m.k === k).length;
      const initOk = sum('initOk');
      return {
        name,
        completed: mine.length,
        medianCycleMs: median(mine.map((c) => c.c).filter((c): c is number => c !== null)),
        rejectedRate: ratio(marks('rejected'), marks('rejected') + marks('approved')),
        reopenedRate: ratio(marks('reopened'), mine.length),
        initSuccessRate: ratio(initOk, initOk + sum('initFailed')),
        messages: sum('messages'),
        commands: sum('commands'),
        runsSucceeded: sum('runsSucceeded'),
        runsFailed: sum('runsFailed'),
      };
    })
    .sort((a, b) => b.completed - a.completed || a.name.localeCompare(b.name));
}
