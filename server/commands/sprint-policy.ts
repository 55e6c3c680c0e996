import { z } from 'zod';
import { code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { reviewFlag, reviewSetting } from './review-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'sprint-policy',
  summary: "Require a person's review of every task an agent finishes in a sprint, and name the reviewers.",
  usage: '/sprint-policy CODE --review=required|off [--reviewers=@a,@b]',
  args: z
    .object({
      code: code('sprint').describe('Sprint code'),
      review: reviewSetting(['required', 'off'] as const).optional().describe('required: an agent\'s /task-done goes to review; off: it completes'),
      reviewers: list(principalName(), 'names').optional().describe('Who reviews (people; any person when none)'),
    })
    .refine((a) => a.review !== undefined || a.reviewers !== undefined, { message: 'give --review=required|off or --reviewers=@a,@b', path: ['review'] }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    await ctx.services.reviews.setSprintPolicy(args.code, { required: args.review ? reviewFlag(args.review)! : undefined, reviewers: args.reviewers });
    const sprint = await ctx.services.sprints.get(args.code);
    const who = sprint.reviewers?.length ? sprint.reviewers.map((n) => `@${n}`).join(', ') : 'any person';
    await ctx.services.activity.record(ctx, 'sprint.policy', `set the review policy of ${sprint.code}: ${sprint.reviewRequired ? `required, by ${who}` : 'off'}`, { sprint: sprint.code });
    return success('Toast', { sprint: sprint.code, reviewRequired: sprint.reviewRequired, reviewers: sprint.reviewers ?? [] }, `✅ Review in ${sprint.code}: ${sprint.reviewRequired ? `required, by ${who}` : 'off'}`);
  },
});
