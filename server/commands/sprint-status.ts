import { z } from 'zod';
import { code, sprintStatus } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'sprint-status',
  summary: 'Move a sprint to planned, active, completed or cancelled.',
  usage: '/sprint-status CODE --status=active',
  args: z.object({ code: code('sprint').describe('Sprint code'), status: sprintStatus().describe('The new status') }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const sprint = await ctx.services.sprints.setStatus(ctx, args.code, args.status);
    return success('Toast', { sprint }, `✅ Sprint ${sprint.code} is ${sprint.status}`);
  },
});
