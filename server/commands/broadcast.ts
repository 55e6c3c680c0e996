import { z } from 'zod';
import { ROLES } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import { text } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

export default defineCommand({
  name: 'broadcast',
  summary: 'Send one message to the inbox of everyone (or everyone with one role).',
  usage: '/broadcast "text" [--role=admin|member|agent]',
  args: z.object({
    text: text('text', 16 * 1024).describe('What to tell everyone'),
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }).optional().describe('Only principals with this role'),
  }),
  positionals: ['text...'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const names = (await ctx.services.directory.names(args.role)).filter((n) => n !== ctx.principal.name);
    if (!names.length) throw new HubError('not_found', `There is nobody${args.role ? ` with the role ${args.role}` : ''} to tell.`);
    const firstLine = args.text.split('\n')[0]!;
    const parcels = await ctx.services.postmaster.send(ctx, {
      to: names,
      kind: 'broadcast',
      subject: firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine,
      body: args.text,
    });
    return success('Toast', { count: parcels.length, to: names }, `📣 Told ${parcels.length} ${args.role ? `${args.role}${parcels.length === 1 ? '' : 's'}` : parcels.length === 1 ? 'principal' : 'principals'}`);
  },
});
