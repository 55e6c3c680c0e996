import { z } from 'zod';
import { defineCommand } from './definition.js';
import { lifetime, memoryKey, valueSize, withoutValue } from './memory-args.js';
import { info } from './results.js';

export default defineCommand({
  name: 'memory-get',
  summary: 'Read back what you remembered under a key.',
  usage: '/memory-get KEY',
  args: z.object({ key: memoryKey().describe('The key') }),
  positionals: ['key'],
  readOnly: true,
  // Memory is its owner's: the caller's ack has the value, the room only sees that it was read.
  forRoom(result) {
    const { entry } = result.data;
    return { ...result, data: { entry: withoutValue(entry) }, text: `🧠 Read ${entry.key} (${valueSize(entry)})` };
  },
  async handler(ctx, args) {
    const entry = await ctx.services.memory.get(ctx.principal, args.key);
    return info('Text', { entry }, `🧠 ${entry.key} (${lifetime(entry, ctx.services.clock.now())}):\n${entry.value}`);
  },
});
