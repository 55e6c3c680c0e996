import { z } from 'zod';
import { code, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-assign',
  summary: 'Give a task to a person or an agent (or take it away with --none).',
  usage: '/task-assign CODE @name | --none',
  args: z
    .object({
      code: code('task').describe('Task code'),
      assignee: principalName().optional().describe('Who does it, like @alice'),
      none: z.boolean().optional().describe('Leave the task unassigned'),
    })
    .refine((a) => Boolean(a.assignee) !== Boolean(a.none), { message: 'give @name or --none', path: ['assignee'] }),
  positionals: ['code', 'assignee'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const { task, changed } = await ctx.services.tasks.assign(ctx, args.code, args.none ? null : args.assignee!);
    // The new assignee hears about it in its inbox, with the task's context.
    if (changed) await ctx.services.postmaster.assigned(ctx, task);
    return success('Toast', { task }, task.assignee ? `✅ ${task.code} assigned to @${task.assignee}` : `✅ ${task.code} is unassigned`);
  },
});
