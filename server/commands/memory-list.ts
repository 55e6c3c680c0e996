import { z } from 'zod';
import { defineCommand } from './definition.js';
import { lifetime, valueSize } from './memory-args.js';
import { renderTable, table } from './results.js';

const PREVIEW_CHARS = 60;

export default defineCommand({
  name: 'memory-list',
  summary: 'List what you remember, with the start of each value (--prefix to narrow).',
  usage: '/memory-list [--prefix=TEXT]',
  args: z.object({ prefix: z.string().max(128, 'a prefix is at most 128 characters').optional().describe('Only keys starting with this') }),
  readOnly: true,
  // The caller's ack has the start of each value; the room sees the keys only.
  forRoom(result) {
    const { data } = result;
    if (!data.rows.length) return result;
    const keysOnly = { ...data, columns: data.columns.filter((c) => c.key !== 'value'), rows: data.rows.map(({ value: _value, ...row }) => row) };
    return { ...result, data: keysOnly, text: `${data.title}\n${renderTable(keysOnly)}` };
  },
  async handler(ctx, args) {
    const entries = await ctx.services.memory.list(ctx.principal, { prefix: args.prefix });
    const rows = entries.map((e) => ({
      key: e.key,
      lasts: lifetime(e, ctx.services.clock.now()),
      size: valueSize(e),
      updated: e.updatedAt,
      value: e.value.length > PREVIEW_CHARS ? `${e.value.slice(0, PREVIEW_CHARS - 1)}…` : e.value,
    }));
    const what = args.prefix ? ` starting with "${args.prefix}"` : '';
    return table(
      [['key', 'Key'], ['lasts', 'Lasts'], ['size', 'Size'], ['updated', 'Updated'], ['value', 'Value']],
      rows,
      `Memory${what}: ${rows.length}`,
      `No memory${what}.`,
    );
  },
});
