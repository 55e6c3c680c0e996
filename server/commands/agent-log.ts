import { z } from 'zod';
import { code, text } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'agent-log',
  aliases: ['log'],
  summary: 'Write a line to the activity log as yourself, so people see what you are doing.',
  usage: '/agent-log "text" [--task=CODE]',
  args: z.object({ text: text('log line', 4096).describe('What you are doing'), task: code('task').optional().describe('The task it is about') }),
  positionals: ['text...'],
  touches: (args) => (args.task ? [args.task] : []),
  async handler(ctx, args) {
    const sprint = args.task ? (await ctx.services.tasks.get(args.task)).sprint : null;
    const activity = await ctx.services.activity.record(ctx, 'agent.log', args.text, { task: args.task ?? null, sprint });
    return success('Toast', { activity }, `📝 Logged: ${args.text}`);
  },
});
