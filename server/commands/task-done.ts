import { z } from 'zod';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-done',
  summary: 'Mark a task completed with a summary of what was done.',
  usage: '/task-done CODE "summary"',
  args: z.object({ code: code('task').describe('Task code'), summary: text('summary', 16 * 1024).describe('What was done') }),
  positionals: ['code', 'summary...'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    const task = await ctx.services.tasks.done(ctx, args.code, args.summary);
    return success('Toast', { task: taskSummary(task) }, `✅ Task ${task.code} marked complete`);
  },
});
