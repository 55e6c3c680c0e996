import { z } from 'zod';
import type { DashboardData } from '../../protocol/index.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

/** The dashboard as plain text, for bots and terminals. */
export function dashboardText(d: DashboardData): string {
  const s = d.stats;
  const lines = [
    `Dashboard of @${d.me}: ${s.activeSprints} active sprint${s.activeSprints === 1 ? '' : 's'} · ${s.myTasks} open task${s.myTasks === 1 ? '' : 's'} of mine · ${s.unreadMessages} unread · ${s.agentsOnline}/${s.agentsTotal} agents online`,
  ];
  if (d.activeSprints.length) {
    lines.push('Active sprints:');
    for (const sp of d.activeSprints) lines.push(`  ${sp.code}  ${sp.title}  ${sp.progress?.percentDone ?? 0}% (${sp.progress?.byStatus.completed ?? 0}/${sp.progress?.total ?? 0})`);
  }
  if (d.myTasks.length) {
    lines.push('My tasks:');
    for (const t of d.myTasks) lines.push(`  ${t.code}  ${t.title}  ${t.status}`);
  }
  const waiting = d.waitingForYou?.approvals ?? [];
  const runs = d.waitingForYou?.runs ?? [];
  if (waiting.length || runs.length) {
    lines.push('Waiting for you:');
    for (const a of waiting) lines.push(`  ${a.id}  ${a.kind === 'review' ? `review of ${a.task}` : a.question}  (from @${a.requestedBy})`);
    for (const r of runs) lines.push(`  ${r.id}  run on ${r.task}: ${r.command.length > 60 ? `${r.command.slice(0, 59)}…` : r.command}  (from @${r.requestedBy.name}; /run-approve ${r.id})`);
  }
  if (d.agents.length) lines.push(`Agents: ${d.agents.map((a) => `@${a.name} ${a.status}`).join(', ')}`);
  if (d.recentActivity.length) {
    lines.push('Recent activity:');
    for (const a of d.recentActivity.slice(0, 5)) lines.push(`  ${a.createdAt.slice(11, 16)} @${a.actor.name} ${a.text}`);
  }
  return lines.join('\n');
}

export default defineCommand({
  name: 'dashboard',
  aliases: ['orchestration'],
  summary: 'Active sprints with progress, your open tasks, unread messages, agents online and the latest activity.',
  usage: '/dashboard',
  args: z.object({}),
  readOnly: true,
  async handler(ctx) {
    const data = await ctx.services.dashboard.forPrincipal(ctx.principal);
    await ctx.services.activity.daily.dashboardViewed(ctx.principal);
    return info('Dashboard', data, dashboardText(data));
  },
});
