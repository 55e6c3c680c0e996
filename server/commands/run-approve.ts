import { z } from 'zod';
import { defineCommand } from './definition.js';
import { runId } from './run-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'run-approve',
  summary: "Let an agent's run go ahead (people; the first answer counts).",
  usage: '/run-approve ID',
  args: z.object({ id: runId().describe('Run id, like R-7KQ2ZD') }),
  positionals: ['id'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const run = await ctx.services.runs.approve(ctx, args.id);
    return success('Toast', { run }, `✅ Run ${run.id} approved; it is queued for a runner.`);
  },
});
