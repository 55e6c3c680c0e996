import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-release',
  summary: 'Give back a task you claimed (people may release anyone\'s claim).',
  usage: '/task-release CODE',
  args: z.object({ code: code('task').describe('Task code') }),
  positionals: ['code'],
  // No `touches`: the holder may release without being assigned; the service decides who may.
  async handler(ctx, args) {
    const task = await ctx.services.claims.release(ctx, args.code);
    const now = task.status === 'todo' ? 'it is back in todo' : `it stays ${task.status}`;
    return success('Toast', { task: taskSummary(task) }, `✅ ${task.code} released; ${now}`);
  },
});
