import { z } from 'zod';
import { HubError } from '../errors.js';
import { agentRole, capabilities, profile } from './agent-args.js';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'agent-register',
  summary: 'Add an agent to the registry or update its entry (role, capabilities, profile); the agent is created if new. Agents may register only themselves.',
  usage: '/agent-register NAME [--role=backend] [--capabilities=a,b] [--profile="..."]',
  args: z.object({
    name: principalName().describe('The agent, like @coder'),
    role: agentRole().optional().describe('What the agent does, like backend (not its access role)'),
    capabilities: capabilities().optional().describe('What it can do, separated by commas'),
    profile: profile().optional().describe('A few sentences about the agent'),
  }),
  positionals: ['name'],
  async handler(ctx, args) {
    const me = ctx.principal;
    if (me.role !== 'admin' && me.role !== 'member' && args.name !== me.name) {
      throw new HubError('forbidden', `An agent may register only itself (@${me.name}); admins and members register others.`);
    }
    const { agent, created } = await ctx.services.agents.register(ctx, args.name, {
      agentRole: args.role,
      capabilities: args.capabilities,
      profile: args.profile,
    });
    const can = agent.capabilities.length ? `, can ${agent.capabilities.join(', ')}` : '';
    return success('Toast', { agent, created }, `🤖 ${created ? 'Registered' : 'Updated'} @${agent.name}: ${agent.agentRole}${can}`);
  },
});
