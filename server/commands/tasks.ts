import { z } from 'zod';
import { code, limit, principalName, taskStatus } from './args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';

export default defineCommand({
  name: 'tasks',
  summary: "List a sprint's tasks, an assignee's open ones, or those of the open sprints; by status too.",
  usage: '/tasks [--sprint=CODE] [--status=STATUS] [--assignee=@name] [--ready] [--limit=N]',
  args: z.object({
    sprint: code('sprint').optional().describe('Only this sprint'),
    status: taskStatus().optional().describe('Only this status'),
    assignee: principalName().optional().describe('Only tasks of this person or agent; @me for yours'),
    limit: limit().optional().describe('At most this many (200)'),
    ready: z.boolean().optional().describe('Only todo tasks whose dependencies are all done'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    if (args.assignee === 'me') args.assignee = ctx.principal.name;
    const listed = await ctx.services.tasks.list(args.ready ? { ...args, status: 'todo' } : args);
    const waiting = await ctx.services.dependencies.waitingOn(listed);
    const tasks = args.ready ? listed.filter((t) => !waiting.has(t.code)) : listed;
    const rows = tasks.map((t) => ({ code: t.code, title: t.title, sprint: t.sprint, status: t.status, priority: t.priority, assignee: t.assignee ? `@${t.assignee}` : null, waits: waiting.get(t.code)?.map((d) => d.code).join(', ') ?? null }));
    const filters = [args.ready && 'ready', args.sprint, args.status, args.assignee && `@${args.assignee}`].filter(Boolean).join(', ');
    return table(
      [['code', 'Code'], ['title', 'Title'], ['sprint', 'Sprint'], ['status', 'Status'], ['priority', 'Priority'], ['assignee', 'Assignee'], ['waits', 'Waits for']],
      rows,
      `Tasks${filters ? ` (${filters})` : ''}: ${rows.length}`,
      `No tasks${filters ? ` match ${filters}` : ' yet'}.`,
    );
  },
});
