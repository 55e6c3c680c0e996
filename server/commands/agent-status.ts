import { z } from 'zod';
import { taskRoom } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'agent-status',
  summary: 'An agent says it is busy or idle, optionally on which task; the lobby sees its new status. Going idle without --task clears the declared task. Agents only.',
  usage: '/agent-status busy|idle [--task=CODE]',
  args: z.object({
    status: z.enum(['busy', 'idle'], { error: 'say busy or idle' }).describe('busy or idle'),
    task: code('task').optional().describe('The task you are on (one assigned to you, held by you or you were invited to)'),
  }),
  positionals: ['status'],
  async handler(ctx, args) {
    const me = ctx.principal;
    // People have no registry entry; their presence is their sockets.
    if (me.kind !== 'agent') throw new HubError('forbidden', `/agent-status is for agents to say what they are doing; @${me.name} is a ${me.kind}.`);
    if (args.task) {
      const task = await ctx.services.tasks.get(args.task);
      await ctx.services.access.assertRoom(me, { kind: 'task', id: task.code, name: taskRoom(task.code) });
    }
    const agent = await ctx.services.agents.declare(ctx, args.status, args.task);
    return success('Toast', { agent }, `🤖 @${agent.name} is ${agent.status}${agent.currentTask ? ` on ${agent.currentTask}` : ''}`);
  },
});
