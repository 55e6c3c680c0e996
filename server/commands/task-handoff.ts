import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, principalName, text } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-handoff',
  summary: 'Hand a task to someone else: the assignment and any claim move, and what is left is noted.',
  usage: '/task-handoff CODE @other "what is left"',
  args: z.object({
    code: code('task').describe('Task code'),
    to: principalName().describe('Who takes it over'),
    left: text('note of what is left', 16 * 1024).describe('What is left to do'),
  }),
  positionals: ['code', 'to', 'left...'],
  touches: (args) => [args.code],
  async handler(ctx, args) {
    const task = await ctx.services.handoffs.handoff(ctx, args.code, args.to, args.left);
    return success('Toast', { task: taskSummary(task) }, `✅ ${task.code} handed off to @${args.to}`);
  },
});
