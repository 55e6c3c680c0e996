import { z } from 'zod';
import { code, list, taskStatus } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';
import { HubError } from '../errors.js';

export default defineCommand({
  name: 'tasks-status',
  summary: 'Move several tasks to one status: all of them, or none if any code is wrong.',
  usage: '/tasks-status CODE1,CODE2,CODE3 --status=STATUS',
  args: z.object({ codes: list(code('task'), 'task codes').describe('Task codes, comma separated'), status: taskStatus().describe('The new status') }),
  positionals: ['codes'],
  touches: (args) => args.codes,
  async handler(ctx, args) {
    if (args.status === 'completed') {
      for (const c of args.codes) {
        await ctx.services.subtasks.assertCanComplete(ctx.principal, c, false);
        if (await ctx.services.reviews.gates(ctx, c)) throw new HubError('forbidden', `No task changed: ${c} needs a person's review; finish it with /task-done ${c} "summary".`);
      }
    }
    const tasks = await ctx.services.tasks.setStatusMany(ctx, args.codes, args.status);
    for (const t of tasks) await ctx.services.dependencies.released(ctx, t);
    return success('Toast', { tasks: tasks.map(taskSummary) }, `✅ ${tasks.length} task${tasks.length === 1 ? '' : 's'} marked as ${args.status}: ${tasks.map((t) => t.code).join(', ')}`);
  },
});
