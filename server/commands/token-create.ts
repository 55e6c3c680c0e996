import { z } from 'zod';
import { PRINCIPAL_KINDS, ROLES } from '../../protocol/index.js';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'token-create',
  summary: 'Issue an access token for a person or an agent (created if new). The token is shown once.',
  usage: '/token-create @name --kind=person|agent [--role=admin|member|agent]',
  args: z.object({
    name: principalName().describe('Who the token is for'),
    kind: z.enum(PRINCIPAL_KINDS, { error: 'kind must be person or agent' }).describe('person or agent'),
    role: z.enum(ROLES, { error: 'role must be admin, member or agent' }).optional().describe('Defaults to member for people, agent for agents'),
  }),
  positionals: ['name'],
  roles: ['admin'],
  forRoom(result) {
    const { name, kind, role } = result.data;
    return { ...result, data: { name, kind, role }, text: `🔑 A token was issued for @${name} (${kind}, ${role}); only the requester saw it.` };
  },
  async handler(ctx, args) {
    const role = args.role ?? (args.kind === 'agent' ? 'agent' : 'member');
    const { principal, token } = await ctx.services.tokens.issue(args.name, args.kind, role);
    return success(
      'Toast',
      { name: principal.name, kind: principal.kind, role: principal.role, token },
      `🔑 Token for @${principal.name} (${principal.kind}, ${principal.role}): ${token}\nIt is shown only this once.`,
    );
  },
});
