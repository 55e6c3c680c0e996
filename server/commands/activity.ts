import { z } from 'zod';
import { code, limit, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';

export default defineCommand({
  name: 'activity',
  summary: 'The latest activity, newest first: everything, or one task, sprint or actor.',
  usage: '/activity [--task=CODE] [--sprint=CODE] [--by=@name] [--limit=20]',
  args: z.object({
    task: code('task').optional().describe('Only this task'),
    sprint: code('sprint').optional().describe('Only this sprint'),
    by: principalName().optional().describe('Only what this person or agent did'),
    limit: limit(100).optional().describe('How many lines (20)'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    const items = await ctx.services.activity.list({ task: args.task, sprint: args.sprint, actor: args.by, limit: args.limit });
    const rows = items.map((a) => ({ when: a.createdAt.slice(0, 16).replace('T', ' '), who: `@${a.actor.name}`, what: a.text, task: a.task }));
    return table([['when', 'When (UTC)'], ['who', 'Who'], ['what', 'What'], ['task', 'Task']], rows, `Activity: ${rows.length}`, 'No activity yet.');
  },
});
