import { z } from 'zod';
import { code, day, title } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'sprints-create',
  aliases: ['sprint-create'],
  summary: 'Create a sprint.',
  usage: '/sprints-create CODE --title="Sprint title" [--ends=YYYY-MM-DD]',
  args: z.object({
    code: code('sprint').describe('Sprint code, like SPRINT-1'),
    title: title().describe('What the sprint is about'),
    ends: day().optional().describe('The last day of the sprint (UTC): /analytics forecasts whether work finishes by then'),
  }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const sprint = await ctx.services.sprints.create(ctx, args);
    return success('Toast', { sprint }, `✅ Sprint ${sprint.code} created: ${sprint.title}`);
  },
});
