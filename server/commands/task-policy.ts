import { z } from 'zod';
import { taskSummary, taskToWire } from '../services/wire.js';
import { code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { reviewFlag, reviewSetting } from './review-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-policy',
  summary: "Require (or waive) a person's review of one task when an agent finishes it, and name its reviewers.",
  usage: '/task-policy CODE --review=required|off|sprint [--reviewers=@a,@b]',
  args: z
    .object({
      code: code('task').describe('Task code'),
      review: reviewSetting(['required', 'off', 'sprint'] as const).optional().describe('required, off, or sprint (follow the sprint\'s policy)'),
      reviewers: list(principalName(), 'names').optional().describe('Who reviews (people; the sprint\'s or any person when none)'),
    })
    .refine((a) => a.review !== undefined || a.reviewers !== undefined, { message: 'give --review=required|off|sprint or --reviewers=@a,@b', path: ['review'] }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const doc = await ctx.services.reviews.setTaskPolicy(args.code, { required: args.review ? reviewFlag(args.review) : undefined, reviewers: args.reviewers });
    const policy = await ctx.services.reviews.policyOf(doc);
    const task = taskToWire(doc);
    const who = policy.reviewers.length ? policy.reviewers.map((n) => `@${n}`).join(', ') : 'any person';
    const said = policy.required ? `required, by ${who}` : 'off';
    await ctx.services.tasks.announce(ctx, task, 'policy', `set the review policy of ${task.code}: ${said}`);
    return success('Toast', { task: taskSummary(task), reviewRequired: policy.required, reviewers: policy.reviewers }, `✅ Review of ${task.code}: ${said}${doc.reviewRequired === null ? ' (as its sprint)' : ''}`);
  },
});
