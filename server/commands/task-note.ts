import { z } from 'zod';
import { taskRoom } from '../../protocol/index.js';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-note',
  summary: "Append a timestamped note to a task's context.",
  usage: '/task-note CODE "note text"',
  args: z.object({ code: code('task').describe('Task code'), note: text('note', 16 * 1024).describe('The note') }),
  positionals: ['code', 'note...'],
  touches: (args) => [args.code],
  // A note is for those on the task: shown as typed in its room, elided anywhere else.
  privateArgs: ['note'],
  showsPrivateIn: (args) => taskRoom(args.code),
  async handler(ctx, args) {
    const task = await ctx.services.tasks.note(ctx, args.code, args.note);
    return success('Toast', { task: taskSummary(task) }, `✅ Note added to ${task.code}`);
  },
});
