import { humanDuration, percentText as pct, type AnalyticsData, type Percentiles } from '../../protocol/index.js';

const p = (f: Percentiles) => `p50 ${humanDuration(f.p50)}, p85 ${humanDuration(f.p85)} (${f.count} tasks)`;

/** The report as plain text, for bots, terminals and screen readers. */
export function analyticsText(d: AnalyticsData): string {
  const lines = [`Analytics, ${d.window.since.slice(0, 10)} to ${d.window.until.slice(0, 10)} (${d.window.days} days)${d.sprint ? `, sprint ${d.sprint.code}` : ''}`];
  lines.push(`Velocity (tasks completed per week): ${d.velocity.weeks.map((w) => `${w.week.slice(5)} ${w.completed}`).join(', ') || '-'}`);
  if (d.velocity.sprints.length) lines.push(`Per sprint: ${d.velocity.sprints.map((s) => `${s.code} ${s.completed}/${s.total}`).join(', ')}`);
  if (d.forecast) {
    const f = d.forecast;
    lines.push(
      f.p50Date
        ? `Forecast for ${d.sprint!.code}: ${f.remaining} left; 50% by ${f.p50Date}, 85% by ${f.p85Date}${f.endsAt ? `; the sprint ends ${f.endsAt}: ${f.onTrack ? 'on track' : 'at risk'}` : ''}.`
        : `Forecast for ${d.sprint!.code}: ${f.note}`,
    );
  }
  lines.push(`Cycle time (in progress → completed): ${p(d.cycleTime.overall)}${d.cycleTime.sprint ? `; this sprint ${p(d.cycleTime.sprint)}` : ''}`);
  lines.push(`Lead time (created → completed): ${p(d.leadTime.overall)}${d.leadTime.sprint ? `; this sprint ${p(d.leadTime.sprint)}` : ''}`);
  const b = d.bottlenecks;
  if (b.overThreshold.length) lines.push(`Over their status's p85: ${b.overThreshold.map((t) => `${t.code} (${t.status} ${humanDuration(t.inStatusMs)} > ${humanDuration(t.thresholdMs)})`).join(', ')}`);
  if (b.longestBlocked.length) lines.push(`Blocked longest: ${b.longestBlocked.map((t) => `${t.code} ${humanDuration(t.inStatusMs)}`).join(', ')}`);
  if (b.reviewQueues.length) lines.push(`Waiting in review: ${b.reviewQueues.map((q) => `@${q.name} ${q.waiting}`).join(', ')}`);
  if (b.wipOverLimit.length) lines.push(`Work in progress over ${b.wipLimit}: ${b.wipOverLimit.map((w) => `@${w.name} ${w.wip}`).join(', ')}`);
  const active = d.agents.filter((a) => a.completed || a.commands || a.messages);
  if (active.length) {
    lines.push('Agents:');
    for (const a of active) {
      lines.push(`  @${a.name}: ${a.completed} done, median cycle ${humanDuration(a.medianCycleMs)}, rejected ${pct(a.rejectedRate)}, reopened ${pct(a.reopenedRate)}, INIT ${pct(a.initSuccessRate)}, ${a.messages} messages, runs ${a.runsSucceeded} ok / ${a.runsFailed} failed`);
    }
  }
  const u = d.usage;
  const total = (k: keyof (typeof u.days)[number]) => u.days.reduce((s, day) => s + (day[k] as number), 0);
  lines.push(
    `Usage: commands ${total('commandsHuman')} by people, ${total('commandsAgent')} by agents; messages ${total('messagesHuman')} / ${total('messagesAgent')}; artifacts ${total('artifactsCreated')}; reads ${total('artifactReads')}; dashboard views ${total('dashboardViews')}; task success ${pct(u.taskSuccessRate)}; INIT success ${pct(u.initSuccessRate)}.`,
  );
  return lines.join('\n');
}
