import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, list } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-depends',
  summary: 'Make a task wait for others: it is not ready (cannot be claimed) until they are completed or cancelled.',
  usage: '/task-depends CODE --on=T-1,T-2',
  args: z.object({ code: code('task').describe('The task that waits'), on: list(code('task'), 'task codes').describe('The tasks it waits for, comma separated') }),
  positionals: ['code'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    const task = await ctx.services.dependencies.depend(ctx, args.code, args.on);
    return success('Toast', { task: taskSummary(task) }, `✅ ${task.code} depends on ${(task.dependsOn ?? []).join(', ')}`);
  },
});
