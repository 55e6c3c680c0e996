import { z } from 'zod';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';
import { utcMinute } from '../services/time-format.js';

const INIT_SAYS = {
  never: 'INIT never ran',
  running: 'INIT is running',
  awaiting_confirmation: 'INIT done, waiting for /init-confirm',
  ready: 'ready (INIT confirmed)',
  failed: 'INIT failed',
} as const;

export default defineCommand({
  name: 'agent-detail',
  aliases: ['agent'],
  summary: 'One agent: profile, capabilities, status, current task, last seen and INIT status.',
  usage: '/agent-detail NAME',
  args: z.object({ name: principalName().describe('The agent, like @coder') }),
  positionals: ['name'],
  readOnly: true,
  async handler(ctx, args) {
    const a = await ctx.services.agents.detail(args.name);
    const text = [
      `@${a.name} · ${a.agentRole} · ${a.status}${a.currentTask ? ` on ${a.currentTask}` : ''}`,
      `capabilities: ${a.capabilities.length ? a.capabilities.join(', ') : 'none listed'}`,
      a.profile ? `profile: ${a.profile}` : 'no profile yet (/agent-register sets one)',
      `last seen: ${a.lastSeenAt ? utcMinute(a.lastSeenAt) : 'never'} · ${INIT_SAYS[a.initStatus]}`,
    ].join('\n');
    return info('AgentDetail', { agent: a }, text);
  },
});
