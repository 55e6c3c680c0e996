import type { ParsedRoom } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import { isDuplicateKey } from './mongo-errors.js';
import type { SprintService } from './sprints.js';
import type { TaskService } from './tasks.js';

/** A sprint or task room, the only kinds an invitation opens. */
export type GrantableRoom = ParsedRoom & { kind: 'sprint' | 'task'; id: string };

/**
 * Invitations into sprint and task rooms (read by AccessService): an agent invited into a room may
 * use it though not assigned there; a sprint invitation also opens the rooms of its tasks.
 */
export class RoomGrantService {
  constructor(
    private readonly models: Models,
    private readonly activity: ActivityService,
    private readonly sprints: SprintService,
    private readonly tasks: TaskService,
  ) {}

  async invite(by: Acting, name: string, room: GrantableRoom): Promise<void> {
    const about = await this.about(room);
    await this.assertPrincipal(name);
    try {
      await this.models.grants.create({ principal: name, room: room.name, grantedBy: by.principal.name });
    } catch (err) {
      if (isDuplicateKey(err)) throw new HubError('already_exists', `@${name} is already invited to ${room.name}.`);
      throw err;
    }
    await this.activity.record(by, 'room.invited', `invited @${name} to ${room.name}`, about);
  }

  async uninvite(by: Acting, name: string, room: GrantableRoom): Promise<void> {
    const about = await this.about(room);
    const { deletedCount } = await this.models.grants.deleteOne({ principal: name, room: room.name });
    if (!deletedCount) throw new HubError('not_found', `@${name} was not invited to ${room.name}; nothing to take back.`);
    await this.activity.record(by, 'room.uninvited', `took back the invitation of @${name} to ${room.name}`, about);
  }

  /** The room must exist (its sprint or task); the answer tags the activity line. */
  private async about(room: GrantableRoom): Promise<{ task?: string; sprint: string }> {
    if (room.kind === 'sprint') return { sprint: (await this.sprints.get(room.id)).code };
    const task = await this.tasks.get(room.id);
    return { task: task.code, sprint: task.sprint };
  }

  private async assertPrincipal(name: string): Promise<void> {
    if (!(await this.models.principals.exists({ name }))) {
      throw new HubError('not_found', `There is no @${name}; create them with /token-create or /agent-register first.`);
    }
  }
}
