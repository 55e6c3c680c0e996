import { z } from 'zod';
import { defineCommand } from './definition.js';
import { memoryKey } from './memory-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'memory-forget',
  summary: 'Forget what you remembered under a key.',
  usage: '/memory-forget KEY',
  args: z.object({ key: memoryKey().describe('The key') }),
  positionals: ['key'],
  destructive: true,
  async handler(ctx, args) {
    const entry = await ctx.services.memory.forget(ctx.principal, args.key);
    return success('Toast', { key: entry.key, ephemeral: entry.ephemeral }, `🧹 Forgot ${entry.key}`);
  },
});
