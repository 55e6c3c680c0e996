import { z } from 'zod';
import { HubError } from '../errors.js';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'token-revoke',
  summary: 'Revoke a token (by id, from /tokens) or all tokens of a principal; connections opened with them are closed at once.',
  usage: '/token-revoke @name ID | @name --all',
  args: z
    .object({
      name: principalName().describe('Whose token'),
      id: z.string().optional().describe('The token id, as /tokens shows it'),
      all: z.boolean().optional().describe('Every token of that principal'),
    })
    .refine((a) => (a.id === undefined) !== (a.all === undefined), { message: 'give a token id or --all', path: ['id'] }),
  positionals: ['name', 'id'],
  destructive: true,
  async handler(ctx, args) {
    // Anyone may give up their own tokens; revoking another's is for admins.
    if (args.name !== ctx.principal.name && ctx.principal.role !== 'admin') throw new HubError('forbidden', 'Only admins revoke the tokens of others; you may revoke your own.');
    const count = await ctx.services.tokens.revoke(args.name, args.all ? 'all' : { id: args.id! });
    await ctx.services.activity.record(ctx, 'token.revoked', `revoked ${count} token${count === 1 ? '' : 's'} of @${args.name}`);
    return success('Toast', { name: args.name, revoked: count }, count ? `🔒 Revoked ${count} token${count === 1 ? '' : 's'} of @${args.name}` : `@${args.name} had no active token to revoke`);
  },
});
