import { z } from 'zod';
import type { ScheduleRow } from '../../protocol/index.js';
import { defineCommand } from './definition.js';
import { formatDuration } from './duration.js';
import { describeWhen } from './schedule-args.js';
import { table } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'schedules',
  summary: 'Scheduled commands: what runs, when, where and as whom.',
  usage: '/schedules [--mine]',
  args: z.object({ mine: z.boolean().optional().describe('Only the ones you made') }),
  readOnly: true,
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const list = await ctx.services.schedules.list(args.mine ? { createdBy: ctx.principal.name } : {});
    const rows = list.map((s): ScheduleRow => ({
      id: s.id,
      when: describeWhen(s, formatDuration),
      line: s.line,
      room: s.room,
      by: `@${s.createdBy}`,
      state: s.active ? 'active' : 'paused',
      next: s.active ? utcMinuteCell(s.nextAt) : null,
      last: utcMinuteCell(s.lastRunAt),
    }));
    return table(
      [['id', 'Id'], ['when', 'When'], ['line', 'Command'], ['room', 'Room'], ['by', 'As'], ['state', 'State'], ['next', 'Next (UTC)'], ['last', 'Last run']],
      rows,
      `Schedules: ${rows.length}`,
      'No schedules yet. Make one with /schedule-create "0 9 * * 1-5" "/sprint-status S-1".',
    );
  },
});
