import { z } from 'zod';
import { agentRoom } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'loop-resume',
  summary: 'Let two agents the loop guard paused talk to each other again before the pause ends.',
  usage: '/loop-resume @agent @other',
  args: z.object({
    agent: principalName().describe('One of the two agents, like @coder'),
    other: principalName().describe('The other one, like @reviewer'),
  }),
  positionals: ['agent', 'other'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    if (!ctx.services.loops.resume(args.agent, args.other)) {
      throw new HubError('not_found', `@${args.agent} and @${args.other} are not paused on this hub.`, this.usage);
    }
    const text = `▶️ @${ctx.principal.name} resumed the conversation of @${args.agent} and @${args.other}.`;
    for (const name of [args.agent, args.other]) ctx.post(agentRoom(name), text);
    return success('Toast', { agents: [args.agent, args.other] }, text);
  },
});
