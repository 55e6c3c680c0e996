import { z } from 'zod';
import { taskSummary, taskToWire } from '../services/wire.js';
import { code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { agentRunsSetting, reviewFlag, reviewSetting } from './review-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-policy',
  summary: "Require (or waive) a person's review of one task when an agent finishes it, name its reviewers, and say whether agents' runs need a person.",
  usage: '/task-policy CODE [--review=required|off|sprint] [--reviewers=@a,@b] [--agent-runs=allow|approve|deny]',
  args: z
    .object({
      code: code('task').describe('Task code'),
      review: reviewSetting(['required', 'off', 'sprint'] as const).optional().describe('required, off, or sprint (follow the sprint\'s policy)'),
      reviewers: list(principalName(), 'names').optional().describe('Who reviews (people; the sprint\'s or any person when none)'),
      'agent-runs': agentRunsSetting().describe("Agents' /run on this task: allow (runs at once), approve (waits for a person; the default) or deny"),
    })
    .refine((a) => a.review !== undefined || a.reviewers !== undefined || a['agent-runs'] !== undefined, {
      message: 'give --review=required|off|sprint, --reviewers=@a,@b or --agent-runs=allow|approve|deny',
      path: ['review'],
    }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const doc = await ctx.services.reviews.setTaskPolicy(args.code, { required: args.review ? reviewFlag(args.review) : undefined, reviewers: args.reviewers, agentRuns: args['agent-runs'] });
    const policy = await ctx.services.reviews.policyOf(doc);
    const task = taskToWire(doc);
    const who = policy.reviewers.length ? policy.reviewers.map((n) => `@${n}`).join(', ') : 'any person';
    const said = policy.required ? `required, by ${who}` : 'off';
    const runs = doc.agentRuns ?? 'approve';
    const runsSaid = { allow: 'agents run at once', approve: 'agents\' runs wait for a person', deny: 'agents may not run' }[runs];
    await ctx.services.tasks.announce(ctx, task, 'policy', `set the policy of ${task.code}: review ${said}${doc.agentRuns ? `; ${runsSaid}` : ''}`);
    return success(
      'Toast',
      { task: taskSummary(task), reviewRequired: policy.required, reviewers: policy.reviewers, agentRuns: runs },
      `✅ Review of ${task.code}: ${said}${doc.reviewRequired === null ? ' (as its sprint)' : ''}${doc.agentRuns ? `; runs: ${runsSaid}` : ''}`,
    );
  },
});
