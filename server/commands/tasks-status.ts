import { z } from 'zod';
import { code, list, taskStatus } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'tasks-status',
  summary: 'Move several tasks to one status: all of them, or none if any code is wrong.',
  usage: '/tasks-status CODE1,CODE2,CODE3 --status=STATUS',
  args: z.object({ codes: list(code('task'), 'task codes').describe('Task codes, comma separated'), status: taskStatus().describe('The new status') }),
  positionals: ['codes'],
  touches: (args) => args.codes,
  async handler(ctx, args) {
    const tasks = await ctx.services.tasks.setStatusMany(ctx, args.codes, args.status);
    return success('Toast', { tasks: tasks.map(taskSummary) }, `✅ ${tasks.length} task${tasks.length === 1 ? '' : 's'} marked as ${args.status}: ${tasks.map((t) => t.code).join(', ')}`);
  },
});
