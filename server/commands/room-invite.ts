import { z } from 'zod';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';
import { grantableRoom } from './room-args.js';

export default defineCommand({
  name: 'room-invite',
  summary: 'Let an agent (or anyone) use a sprint or task room it is not assigned to; a sprint invitation opens its task rooms too.',
  usage: '/room-invite @name ROOM',
  args: z.object({
    name: principalName().describe('Who is invited, like @coder'),
    room: grantableRoom().describe('The room, like task:T-1 or sprint:S-1'),
  }),
  positionals: ['name', 'room'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    await ctx.services.grants.invite(ctx, args.name, args.room);
    return success('Toast', { name: args.name, room: args.room.name }, `✅ @${args.name} may now use ${args.room.name}`);
  },
});
