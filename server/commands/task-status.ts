import { z } from 'zod';
import { code, taskStatus } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';
import { sprintMoved } from './sprint-progress.js';
import { HubError } from '../errors.js';

export default defineCommand({
  name: 'task-status',
  summary: 'Move a task to another status.',
  usage: '/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled',
  args: z.object({ code: code('task').describe('Task code'), status: taskStatus().describe('The new status') }),
  positionals: ['code'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    if (args.status === 'completed') {
      await ctx.services.subtasks.assertCanComplete(ctx.principal, args.code, false);
      if (await ctx.services.reviews.gates(ctx, args.code)) {
        throw new HubError('forbidden', `${args.code} needs a person's review: finish it with /task-done ${args.code} "summary", which sends it for review.`);
      }
    }
    const task = await ctx.services.tasks.setStatus(ctx, args.code, args.status);
    await ctx.services.dependencies.released(ctx, task);
    return success('Toast', { task: taskSummary(task), moved: await sprintMoved(ctx, task) }, `✅ Task ${task.code} marked as ${task.status}`);
  },
});
