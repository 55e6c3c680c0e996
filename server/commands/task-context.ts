import { z } from 'zod';
import { taskRoom } from '../../protocol/index.js';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-context',
  summary: "Append to or replace a task's context.",
  usage: '/task-context CODE --append="text" | --replace="text"',
  args: z
    .object({
      code: code('task').describe('Task code'),
      append: text('text to append').optional().describe('Added after the existing context'),
      replace: text('new context').optional().describe('Replaces the whole context'),
    })
    .refine((a) => (a.append === undefined) !== (a.replace === undefined), { message: 'give exactly one of --append or --replace', path: ['append'] }),
  positionals: ['code'],
  destructive: true,
  touches: (args) => [args.code],
  privateArgs: ['append', 'replace'],
  showsPrivateIn: (args) => taskRoom(args.code),
  async handler(ctx, args) {
    const edit = args.append !== undefined ? { append: args.append } : { replace: args.replace! };
    const task = await ctx.services.tasks.setContext(ctx, args.code, edit);
    return success('Toast', { task: taskSummary(task) }, `✅ Context of ${task.code} ${'append' in edit ? 'extended' : 'replaced'}`);
  },
});
