import { z } from 'zod';
import { defineCommand } from './definition.js';
import { duration } from './duration.js';
import { lifetime, memoryKey, valueSize, withoutValue } from './memory-args.js';
import { success } from './results.js';

const SECOND = 1000;
const YEAR = 365 * 24 * 3600 * SECOND;

export default defineCommand({
  name: 'memory-set',
  summary: 'Remember a value under a key: kept across sessions, or only for this session with --ephemeral or --ttl.',
  usage: '/memory-set KEY VALUE [--ephemeral] [--ttl=1h]',
  args: z.object({
    key: memoryKey().describe('The key, like plan.next or notes/T-1'),
    value: z.string({ error: 'give the value to remember after the key' }).min(1, 'the value is empty').describe('The value: the rest of the line (up to 64 KiB)'),
    ephemeral: z.boolean().optional().describe('Forget it when this chat session ends'),
    ttl: duration('ttl', SECOND, YEAR).optional().describe('Forget it after this long, like 30m or 1h (makes it ephemeral)'),
  }),
  positionals: ['key', 'value...'],
  privateArgs: ['value'],
  forRoom(result) {
    const { entry } = result.data;
    return { ...result, data: { entry: withoutValue(entry) } };
  },
  async handler(ctx, args) {
    const entry = await ctx.services.memory.set(ctx.principal, { key: args.key, value: args.value, ephemeral: args.ephemeral ?? false, ttlMs: args.ttl });
    return success('Toast', { entry }, `🧠 Remembered ${entry.key} (${valueSize(entry)}, ${lifetime(entry, ctx.services.clock.now())})`);
  },
});
