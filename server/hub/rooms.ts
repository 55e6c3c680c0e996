import type { ParsedRoom } from '../../protocol/index.js';
import type { Services } from '../services/index.js';
import { HubError } from '../errors.js';

/** A sprint or task room exists while its sprint or task does; an inbox while its principal does. */
export async function assertRoomExists(services: Services, room: ParsedRoom): Promise<void> {
  if (room.kind === 'sprint') await services.sprints.get(room.id!);
  else if (room.kind === 'task') await services.tasks.get(room.id!);
  else if (room.kind === 'agent' && !(await services.models.principals.exists({ name: room.id! }))) {
    throw new HubError('not_found', `There is no @${room.id}, so no ${room.name}.`);
  }
}
