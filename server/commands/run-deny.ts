import { z } from 'zod';
import { text } from './args.js';
import { defineCommand } from './definition.js';
import { runId } from './run-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'run-deny',
  summary: "Refuse an agent's run, saying why (people; the first answer counts).",
  usage: '/run-deny ID "why"',
  args: z.object({ id: runId().describe('Run id, like R-7KQ2ZD'), why: text('reason', 4096).describe('Why not') }),
  positionals: ['id', 'why...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const run = await ctx.services.runs.deny(ctx, args.id, args.why);
    return success('Toast', { run }, `⛔ Run ${run.id} denied: ${args.why}`);
  },
});
