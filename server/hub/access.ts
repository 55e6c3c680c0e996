import type { ParsedRoom } from '../../protocol/index.js';
import type { CommandPrincipal } from '../commands/definition.js';
import { HubError } from '../errors.js';

/**
 * Who may read and write a room. An agent's inbox is private to that agent (and admins);
 * every other room is open to every signed-in principal for now.
 */
export function assertRoomAccess(principal: CommandPrincipal, room: ParsedRoom): void {
  if (principal.role === 'admin') return;
  if (room.kind === 'agent' && room.id !== principal.name) {
    throw new HubError('forbidden', `${room.name} is the inbox of @${room.id}; only that agent and admins may use it.`);
  }
}
