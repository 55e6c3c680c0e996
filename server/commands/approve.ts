import { z } from 'zod';
import { text } from './args.js';
import { approvalId } from './approval-args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'approve',
  summary: 'Approve a pending approval (a review approval also completes its task).',
  usage: '/approve ID ["comment"]',
  args: z.object({ id: approvalId().describe('Approval id, like A-7KQ2ZD'), comment: text('comment', 4096).optional().describe('A word for the requester') }),
  positionals: ['id', 'comment...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const approval = await ctx.services.approvals.decide(ctx, args.id, 'approved', args.comment ?? null);
    if (approval.kind === 'review') await ctx.services.reviews.settled(ctx, approval);
    return success('Toast', { approval }, `✅ ${approval.id} approved`);
  },
});
