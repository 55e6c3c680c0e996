import { z } from 'zod';
import { DEFAULT_LEASE_MS, MAX_LEASE_MS, MIN_LEASE_MS } from '../services/claims.js';
import { utcSecond } from '../services/time-format.js';
import { taskSummary } from '../services/wire.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { duration, formatDuration } from './duration.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-claim',
  summary: 'Take a todo task for yourself; the claim holds while you are online or working on it, else for the lease.',
  usage: '/task-claim CODE [--lease=30m]',
  args: z.object({
    code: code('task').describe('Task code'),
    lease: duration('lease', MIN_LEASE_MS, MAX_LEASE_MS)
      .optional()
      .describe(`How long the claim outlives you going quiet, from ${formatDuration(MIN_LEASE_MS)} to ${formatDuration(MAX_LEASE_MS)} (${formatDuration(DEFAULT_LEASE_MS)} if not given)`),
  }),
  positionals: ['code'],
  // No `touches`: claiming is how an agent gets a task it is not assigned to; the service decides who may.
  async handler(ctx, args) {
    // A task waiting for others is refused, naming them (a renewal of one's own claim is not a start).
    const current = await ctx.services.tasks.get(args.code, ctx.taskMemo);
    if (current.claimedBy !== ctx.principal.name) await ctx.services.dependencies.assertReady(args.code, ctx.taskMemo);
    const { task, renewed } = await ctx.services.claims.claim(ctx, args.code, args.lease ?? DEFAULT_LEASE_MS);
    const until = utcSecond(task.leaseUntil!);
    const text = renewed ? `✅ ${task.code} is still yours, until ${until}` : `✅ ${task.code} claimed by @${task.claimedBy} until ${until}`;
    return success('Toast', { task: taskSummary(task), renewed }, text);
  },
});
