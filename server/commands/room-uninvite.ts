import { z } from 'zod';
import { principalName } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';
import { grantableRoom } from './room-args.js';

export default defineCommand({
  name: 'room-uninvite',
  summary: 'Take back an invitation made with /room-invite.',
  usage: '/room-uninvite @name ROOM',
  args: z.object({
    name: principalName().describe('Who was invited, like @coder'),
    room: grantableRoom().describe('The room, like task:T-1 or sprint:S-1'),
  }),
  positionals: ['name', 'room'],
  roles: ['admin', 'member'],
  destructive: true,
  async handler(ctx, args) {
    await ctx.services.grants.uninvite(ctx, args.name, args.room);
    return success('Toast', { name: args.name, room: args.room.name }, `✅ @${args.name} was uninvited from ${args.room.name}`);
  },
});
