import { z } from 'zod';
import { text } from './args.js';
import { approvalId } from './approval-args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'deny',
  summary: 'Deny a pending approval, saying why (a review goes back to in_progress).',
  usage: '/deny ID "why"',
  args: z.object({ id: approvalId().describe('Approval id, like A-7KQ2ZD'), why: text('reason', 4096).describe('Why not') }),
  positionals: ['id', 'why...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const approval = await ctx.services.approvals.decide(ctx, args.id, 'denied', args.why);
    if (approval.kind === 'review') await ctx.services.reviews.settled(ctx, approval);
    return success('Toast', { approval }, `⛔ ${approval.id} denied: ${args.why}`);
  },
});
