import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, list } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-undepend',
  summary: 'Stop a task waiting for others.',
  usage: '/task-undepend CODE --on=T-1',
  args: z.object({ code: code('task').describe('The task that waits'), on: list(code('task'), 'task codes').describe('The tasks it no longer waits for') }),
  positionals: ['code'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    const task = await ctx.services.dependencies.undepend(ctx, args.code, args.on);
    const left = task.dependsOn?.length ? `it still depends on ${task.dependsOn.join(', ')}` : 'it depends on nothing now';
    return success('Toast', { task: taskSummary(task) }, `✅ ${task.code} no longer waits for ${args.on.join(', ')}; ${left}`);
  },
});
