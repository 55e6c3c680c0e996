import { z } from 'zod';
import { HubError } from '../errors.js';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'tokens',
  summary: "List the tokens of a principal (yours, or anyone's for admins): when each was made and last used, and whether it is revoked.",
  usage: '/tokens [@name]',
  args: z.object({ name: principalName().optional().describe('Whose tokens (yours by default)') }),
  positionals: ['name'],
  readOnly: true,
  async handler(ctx, args) {
    const name = args.name ?? ctx.principal.name;
    if (name !== ctx.principal.name && ctx.principal.role !== 'admin') throw new HubError('forbidden', `Only admins list the tokens of others; /tokens lists yours.`);
    const rows = (await ctx.services.tokens.list(name)).map((t) => ({
      id: t.id,
      label: t.label || '-',
      created: utcMinuteCell(t.createdAt),
      lastUsed: utcMinuteCell(t.lastUsedAt),
      state: t.revokedAt ? `revoked ${utcMinuteCell(t.revokedAt)}` : 'active',
    }));
    return table([['id', 'Id'], ['label', 'Label'], ['created', 'Created (UTC)'], ['lastUsed', 'Last used'], ['state', 'State']], rows, `Tokens of @${name}: ${rows.length}`, `@${name} has no tokens.`);
  },
});
