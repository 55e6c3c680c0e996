import { z } from 'zod';
import { sprintStatus } from './args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';

export default defineCommand({
  name: 'sprints',
  summary: 'List the open sprints (planned and active) with their progress, or those of one status.',
  usage: '/sprints [--status=planned|active|completed|cancelled]',
  args: z.object({ status: sprintStatus().optional().describe('Only sprints in this status') }),
  readOnly: true,
  async handler(ctx, args) {
    const sprints = await ctx.services.sprints.list(args);
    const rows = sprints.map((s) => ({
      code: s.code,
      title: s.title,
      status: s.status,
      tasks: s.progress?.total ?? 0,
      done: `${s.progress?.percentDone ?? 0}%`,
    }));
    return table(
      [['code', 'Code'], ['title', 'Title'], ['status', 'Status'], ['tasks', 'Tasks'], ['done', 'Done']],
      rows,
      `Sprints${args.status ? ` (${args.status})` : ''}: ${rows.length}`,
      args.status ? `No ${args.status} sprints.` : 'No sprints yet. Create one with /sprints-create CODE --title="..."',
    );
  },
});
