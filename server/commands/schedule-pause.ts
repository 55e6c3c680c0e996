import { z } from 'zod';
import { defineCommand } from './definition.js';
import { scheduleId } from './schedule-args.js';
import { success } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'schedule-pause',
  summary: 'Pause a scheduled command (or resume it with --resume; occurrences while paused are skipped).',
  usage: '/schedule-pause ID [--resume]',
  args: z.object({ id: scheduleId().describe('Schedule id, like SCH-7KQ2ZD'), resume: z.boolean().optional().describe('Resume instead') }),
  positionals: ['id'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const s = await ctx.services.schedules.setActive(ctx, args.id, Boolean(args.resume));
    return success('Toast', { schedule: s }, s.active ? `▶️ ${s.id} resumed; next at ${utcMinuteCell(s.nextAt)} UTC` : `⏸️ ${s.id} paused`);
  },
});
