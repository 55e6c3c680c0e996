import { z } from 'zod';
import { defineCommand } from './definition.js';
import { scheduleId } from './schedule-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'schedule-delete',
  summary: 'Delete a scheduled command.',
  usage: '/schedule-delete ID',
  args: z.object({ id: scheduleId().describe('Schedule id, like SCH-7KQ2ZD') }),
  positionals: ['id'],
  roles: ['admin', 'member'],
  destructive: true,
  async handler(ctx, args) {
    const s = await ctx.services.schedules.remove(ctx, args.id);
    return success('Toast', { schedule: s }, `🗑️ ${s.id} deleted (${s.line})`);
  },
});
