import { z } from 'zod';
import { code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { agentRunsSetting, reviewFlag, reviewSetting } from './review-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'sprint-policy',
  summary: "Require a person's review of every task an agent finishes in a sprint, name the reviewers, and say whether agents' runs need a person.",
  usage: '/sprint-policy CODE [--review=required|off] [--reviewers=@a,@b] [--agent-runs=allow|approve|deny]',
  args: z
    .object({
      code: code('sprint').describe('Sprint code'),
      review: reviewSetting(['required', 'off'] as const).optional().describe('required: an agent\'s /task-done goes to review; off: it completes'),
      reviewers: list(principalName(), 'names').optional().describe('Who reviews (people; any person when none)'),
      'agent-runs': agentRunsSetting().describe("Agents' /run on the sprint's tasks: allow, approve (waits for a person; the default) or deny; a task's /task-policy wins"),
    })
    .refine((a) => a.review !== undefined || a.reviewers !== undefined || a['agent-runs'] !== undefined, {
      message: 'give --review=required|off, --reviewers=@a,@b or --agent-runs=allow|approve|deny',
      path: ['review'],
    }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    await ctx.services.reviews.setSprintPolicy(args.code, { required: args.review ? reviewFlag(args.review)! : undefined, reviewers: args.reviewers, agentRuns: args['agent-runs'] });
    const sprint = await ctx.services.sprints.get(args.code);
    const who = sprint.reviewers?.length ? sprint.reviewers.map((n) => `@${n}`).join(', ') : 'any person';
    const review = sprint.reviewRequired ? `required, by ${who}` : 'off';
    const runs = sprint.agentRuns ?? 'approve';
    await ctx.services.activity.record(ctx, 'sprint.policy', `set the policy of ${sprint.code}: review ${review}; agents' runs ${runs}`, { sprint: sprint.code });
    return success(
      'Toast',
      { sprint: sprint.code, reviewRequired: sprint.reviewRequired, reviewers: sprint.reviewers ?? [], agentRuns: runs },
      `✅ Review in ${sprint.code}: ${review}${args['agent-runs'] ? `; agents' runs: ${runs}` : ''}`,
    );
  },
});
