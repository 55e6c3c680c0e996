import { z } from 'zod';
import { analyticsSince, windowOf } from './analytics-args.js';
import { analyticsText } from './analytics-text.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

export default defineCommand({
  name: 'analytics',
  aliases: ['stats'],
  summary: 'Velocity, a sprint forecast, cycle and lead times, agent performance, bottlenecks and usage per day.',
  usage: '/analytics [--sprint=CODE] [--since=30d] [--wip=3]',
  args: z.object({
    sprint: code('sprint').optional().describe('The sprint for the burn-up, forecast and per-sprint times (the newest active one when absent)'),
    since: analyticsSince().optional().describe('Start of the window: days back (30d, at most 84d) or a day (2026-11-01)'),
    wip: z.coerce.number({ error: 'wip must be a number' }).int().min(1).max(100).optional().describe('Work in progress per assignee above which it is a bottleneck (3)'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    const data = await ctx.services.analytics.report({ sprint: args.sprint, ...windowOf(args.since), wipLimit: args.wip });
    return info('Analytics', data, analyticsText(data));
  },
});
