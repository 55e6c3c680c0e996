import { z } from 'zod';
import { defineCommand } from './definition.js';
import { runId } from './run-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'run-cancel',
  summary: 'Stop a run (its requester or a person): at once if not started, else its runner kills it.',
  usage: '/run-cancel ID',
  args: z.object({ id: runId().describe('Run id, like R-7KQ2ZD') }),
  positionals: ['id'],
  async handler(ctx, args) {
    const run = await ctx.services.runs.cancel(ctx, args.id);
    const said = run.status === 'cancelled' ? 'cancelled' : `being stopped by @${run.runner}`;
    return success('Toast', { run }, `⏹️ Run ${run.id} ${said}.`);
  },
});
