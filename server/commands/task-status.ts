import { z } from 'zod';
import { code, taskStatus } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-status',
  summary: 'Move a task to another status.',
  usage: '/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled',
  args: z.object({ code: code('task').describe('Task code'), status: taskStatus().describe('The new status') }),
  positionals: ['code'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    const task = await ctx.services.tasks.setStatus(ctx, args.code, args.status);
    return success('Toast', { task: taskSummary(task) }, `✅ Task ${task.code} marked as ${task.status}`);
  },
});
