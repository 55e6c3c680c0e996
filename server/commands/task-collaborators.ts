import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-collaborators',
  summary: "Give agents a task's room and rights without making them its assignee (or take them back).",
  usage: '/task-collaborators CODE --add=@a,@b | --remove=@a',
  args: z
    .object({
      code: code('task').describe('Task code'),
      add: list(principalName(), 'names').optional().describe('Who to add, comma separated'),
      remove: list(principalName(), 'names').optional().describe('Who to remove'),
    })
    .refine((a) => Boolean(a.add || a.remove), { message: 'give --add=@name or --remove=@name', path: ['add'] }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const task = await ctx.services.collaborators.change(ctx, args.code, args.add ?? [], args.remove ?? []);
    const who = task.collaborators?.length ? task.collaborators.map((n) => `@${n}`).join(', ') : 'nobody';
    return success('Toast', { task: taskSummary(task) }, `✅ Collaborators of ${task.code}: ${who}`);
  },
});
