import type { UsageDay, UsageFigures } from '../../../protocol/index.js';
import { weekOf } from './days.js';
import { ratio, type RollUps } from './roll-ups.js';

const avg = (total: number, count: number) => (count > 0 ? Math.round(total / count) : null);

/** The plan's usage, quality and adoption metrics, per day, people vs agents. */
export function usageFigures(rollUps: RollUps, days: readonly string[], weeks: readonly string[]): UsageFigures {
  const perDay: UsageDay[] = days.map((day) => {
    const c = (k: Parameters<RollUps['count']>[1]) => rollUps.count(day, k);
    const lead = rollUps.completions([day]).map((c) => c.l);
    return {
      day,
      commandsHuman: c('commandsHuman'),
      commandsAgent: c('commandsAgent'),
      commandsFailed: c('commandsFailed'),
      messagesHuman: c('messagesHuman'),
      messagesAgent: c('messagesAgent'),
      artifactsCreated: c('artifacts'),
      artifactBytes: c('artifactBytes'),
      artifactReads: c('downloads') + c('previews'),
      dashboardViews: c('dashboardViews'),
      activeAgents: rollUps.hub.get(day)?.actors?.length ?? 0,
      tasksCompleted: c('completed'),
      avgLeadMs: avg(lead.reduce((s, v) => s + v, 0), lead.length),
      initOk: c('initOk'),
      initFailed: c('initFailed'),
      avgDeliveryMs: avg(c('deliveryMs'), c('deliveries')),
    };
  });
  const byWeek = new Map<string, Set<string>>(weeks.map((w) => [w, new Set()]));
  for (const [day, doc] of rollUps.hub) for (const code of doc.sprints ?? []) byWeek.get(weekOf(day))?.add(code);
  const completed = rollUps.total(days, 'completed');
  const initOk = rollUps.total(days, 'initOk');
  return {
    days: perDay,
    activeSprintsByWeek: [...byWeek].map(([week, sprints]) => ({ week, sprints: sprints.size })),
    taskSuccessRate: ratio(completed, completed + rollUps.total(days, 'cancelled')),
    initSuccessRate: ratio(initOk, initOk + rollUps.total(days, 'initFailed')),
    artifactBytes: rollUps.total(days, 'artifactBytes'),
    avgDeliveryMs: avg(rollUps.total(days, 'deliveryMs'), rollUps.total(days, 'deliveries')),
  };
}
