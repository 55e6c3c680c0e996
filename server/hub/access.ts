import type { ArtifactOwner, ParsedRoom } from '../../protocol/index.js';
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

/** Project-wide artifacts are written by people (admins and members); tasks and sprints by anyone. */
export function assertArtifactWrite(principal: CommandPrincipal, owner: ArtifactOwner): void {
  if (owner.kind === 'project' && principal.role === 'agent') {
    throw new HubError('forbidden', 'Project artifacts are written by admins and members; agents attach to their tasks and sprints.');
  }
}
