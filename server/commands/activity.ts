import { z } from 'zod';
import { code, limit, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';
import { since } from './since.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'activity',
  summary: 'The latest activity, newest first: everything, or one task, sprint or actor, optionally only since a time.',
  usage: '/activity [--task=CODE] [--sprint=CODE] [--by=@name | --agent=@name] [--since=1h|2026-11-30] [--limit=20]',
  args: z
    .object({
      task: code('task').optional().describe('Only this task'),
      sprint: code('sprint').optional().describe('Only this sprint'),
      by: principalName().optional().describe('Only what this person or agent did'),
      agent: principalName().optional().describe('Only what this agent did (the same as --by)'),
      since: since().optional().describe('Only since then: a duration back from now (30m, 1h, 2d) or a date (2026-11-30, 2026-11-30T09:00Z)'),
      limit: limit(100).optional().describe('How many lines (20)'),
    })
    .refine((a) => !a.by || !a.agent || a.by === a.agent, { message: 'give --by or --agent, not two different names', path: ['agent'] }),
  readOnly: true,
  async handler(ctx, args) {
    const listed = await ctx.services.activity.list({ task: args.task, sprint: args.sprint, actor: args.by ?? args.agent, since: args.since, limit: args.limit });
    const items = await ctx.services.access.visibleActivity(ctx.principal, listed);
    const rows = items.map((a) => ({ when: utcMinuteCell(a.createdAt), who: `@${a.actor.name}`, what: a.text, task: a.task }));
    const filtered = [args.task, args.sprint, args.by, args.agent, args.since].some((f) => f !== undefined);
    return table([['when', 'When (UTC)'], ['who', 'Who'], ['what', 'What'], ['task', 'Task']], rows, `Activity: ${rows.length}`, filtered ? 'No activity matches.' : 'No activity yet.');
  },
});
