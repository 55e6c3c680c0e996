import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';
import { sprintMoved } from './sprint-progress.js';

export default defineCommand({
  name: 'task-approve',
  summary: 'Approve a task waiting for review: it is completed.',
  usage: '/task-approve CODE ["comment"]',
  args: z.object({ code: code('task').describe('Task code'), comment: text('comment', 4096).optional().describe('A word for the assignee') }),
  positionals: ['code', 'comment...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const { task, approval } = await ctx.services.reviews.decide(ctx, args.code, 'approved', args.comment ?? null);
    return success('Toast', { task: taskSummary(task), approval, moved: await sprintMoved(ctx, task) }, `✅ ${task.code} approved and completed`);
  },
});
