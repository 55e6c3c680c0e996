import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-reject',
  summary: 'Send a task waiting for review back to in_progress, with the reason as a note and a parcel to its assignee.',
  usage: '/task-reject CODE "why"',
  args: z.object({ code: code('task').describe('Task code'), why: text('reason', 4096).describe('What must change') }),
  positionals: ['code', 'why...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const { task, approval } = await ctx.services.reviews.decide(ctx, args.code, 'denied', args.why);
    return success('Toast', { task: taskSummary(task), approval }, `↩️ ${task.code} sent back to in_progress: ${args.why}`);
  },
});
