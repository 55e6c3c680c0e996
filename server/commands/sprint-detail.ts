import { z } from 'zod';
import { TASK_STATUSES } from '../../protocol/index.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

export default defineCommand({
  name: 'sprint-detail',
  aliases: ['sprint'],
  summary: 'A sprint with its tasks grouped by status and its percent done.',
  usage: '/sprint-detail CODE',
  args: z.object({ code: code('sprint').describe('Sprint code') }),
  positionals: ['code'],
  readOnly: true,
  async handler(ctx, args) {
    const { sprint, tasks: all } = await ctx.services.sprints.detail(args.code);
    const reader = ctx.services.access.taskReader(ctx.principal);
    const tasks = Object.fromEntries(
      await Promise.all(TASK_STATUSES.map(async (s) => [s, await Promise.all(all[s].map((t) => ctx.services.access.visibleTask(ctx.principal, t, reader)))] as const)),
    ) as typeof all;
    const detail = { sprint, tasks };
    const waiting = await ctx.services.dependencies.waitingOn(Object.values(all).flat());
    const lines = [`${sprint.code} · ${sprint.title} · ${sprint.status} · ${sprint.progress!.percentDone}% done (${sprint.progress!.byStatus.completed}/${sprint.progress!.total})`];
    for (const status of TASK_STATUSES) {
      if (!tasks[status].length) continue;
      lines.push(`${status} (${tasks[status].length}):`);
      for (const t of tasks[status]) {
        const waits = waiting.get(t.code);
        const extra = [t.parent && `subtask of ${t.parent}`, waits && `waits for ${waits.map((d) => d.code).join(', ')}`].filter(Boolean).join(' · ');
        lines.push(`  ${t.code}  ${t.title}${t.assignee ? `  @${t.assignee}` : ''}${extra ? `  (${extra})` : ''}`);
      }
    }
    if (!sprint.progress!.total) lines.push('No tasks yet. Add one with /task-create CODE --title="..." --sprint=' + sprint.code);
    return info('SprintDetail', detail, lines.join('\n'));
  },
});
