import { z } from 'zod';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';
import { sprintMoved } from './sprint-progress.js';

export default defineCommand({
  name: 'task-done',
  summary: 'Mark a task completed with a summary of what was done.',
  // --force (people, for a parent with open subtasks) is in the options, not the one-line usage.
  usage: '/task-done CODE "summary"',
  args: z.object({
    code: code('task').describe('Task code'),
    summary: text('summary', 16 * 1024).describe('What was done'),
    force: z.boolean().optional().describe('People only: complete a parent whose subtasks are still open'),
  }),
  positionals: ['code', 'summary...'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    await ctx.services.subtasks.assertCanComplete(ctx.principal, args.code, args.force ?? false);
    // Under a review gate an agent's work waits for a person: review, not completed.
    if (await ctx.services.reviews.gates(ctx, args.code)) {
      const { task, approval } = await ctx.services.reviews.submit(ctx, args.code, args.summary);
      return success('Toast', { task: taskSummary(task), approval }, `🔎 ${task.code} is waiting for review (${approval.id}); a person approves it with /task-approve ${task.code}`);
    }
    const task = await ctx.services.tasks.done(ctx, args.code, args.summary);
    await ctx.services.dependencies.released(ctx, task);
    return success('Toast', { task: taskSummary(task), moved: await sprintMoved(ctx, task) }, `✅ Task ${task.code} marked complete`);
  },
});
