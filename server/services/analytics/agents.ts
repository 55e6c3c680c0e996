import type { AgentPerformance } from '../../../protocol/index.js';
import type { DailyStatDoc } from '../../db/models/daily-stat.js';
import { median } from './percentiles.js';
import { n, ratio } from './roll-ups.js';

/** Each agent's figures over the window, from its own day documents. */
export function agentPerformance(agents: readonly string[], actorDays: readonly DailyStatDoc[]): AgentPerformance[] {
  return agents
    .map((name) => {
      const days = actorDays.filter((d) => d.name === name);
      const sum = (c: Parameters<typeof n>[1]) => days.reduce((s, d) => s + n(d, c), 0);
      const completed = sum('completed');
      const rejected = sum('rejected');
      const initOk = sum('initOk');
      return {
        name,
        completed,
        medianCycleMs: median(days.flatMap((d) => d.cycleMs ?? [])),
        rejectedRate: ratio(rejected, rejected + sum('approved')),
        reopenedRate: ratio(sum('reopened'), completed),
        initSuccessRate: ratio(initOk, initOk + sum('initFailed')),
        messages: sum('messages'),
        commands: sum('commands'),
      };
    })
    .sort((a, b) => b.completed - a.completed || a.name.localeCompare(b.name));
}
