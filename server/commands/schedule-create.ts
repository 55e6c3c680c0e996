import { z } from 'zod';
import { HubError } from '../errors.js';
import { text } from './args.js';
import { defineCommand } from './definition.js';
import { duration, formatDuration } from './duration.js';
import { parseLine } from './schedule-line.js';
import { describeWhen } from './schedule-args.js';
import { success } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'schedule-create',
  summary: 'Run a command line on a cron pattern or an interval, as you, in a room; each result is posted there.',
  usage: '/schedule-create "CRON" "/command line" [--tz=Europe/Berlin] [--room=ROOM] | /schedule-create --every=1h "/command line" [--room=ROOM]',
  args: z.object({
    cron: text('cron pattern', 200).describe('Five or six cron fields, like "0 9 * * 1-5"; with --every, the command line instead'),
    line: text('command line', 2000).optional().describe('The command to run, like "/sprint-status S-1"'),
    every: duration('interval', 60_000, 31 * 86_400_000).optional().describe('Run at this interval instead of a cron pattern, like 1h'),
    tz: z.string().max(64).optional().describe('Time zone of the cron pattern (UTC if not given)'),
    room: z.string().max(80).optional().describe('Where it runs and posts (this room if not given)'),
  }),
  positionals: ['cron', 'line'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    if (args.every && args.tz) throw new HubError('invalid_args', '--tz goes with a cron pattern, not with --every.', this.usage);
    const line = args.every ? args.line ?? args.cron : args.line;
    if (args.every && args.line) throw new HubError('invalid_args', 'With --every give only the command line, not a cron pattern too.', this.usage);
    if (!line) throw new HubError('invalid_args', 'Give the command line to run, like "/sprint-status S-1".', this.usage);
    parseLine(line, ctx.commands);
    const schedule = await ctx.services.schedules.create(ctx, {
      ...(args.every ? { everyMs: args.every } : { cron: args.cron, tz: args.tz }),
      room: args.room ?? ctx.room.name,
      line,
    });
    return success('Toast', { schedule }, `⏰ ${schedule.id}: ${schedule.line} in ${schedule.room}, ${describeWhen(schedule, formatDuration)}; next at ${utcMinuteCell(schedule.nextAt)} UTC`);
  },
});
