import type { ParsedRoom } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { SprintService } from './sprints.js';
import type { TaskMemo } from './task-memo.js';
import type { TaskService } from './tasks.js';

/** Rooms remembered at most: past it the memory starts over (a read each for rooms seen again). */
const MAX_KNOWN = 100_000;

/**
 * A sprint or task room exists while its sprint or task does; an inbox while its principal does.
 * None of them is ever deleted, so a room found once is known for good, on every hub: sends to
 * a room after the first cost no read to learn it exists.
 */
export class KnownRooms {
  private readonly known = new Set<string>();

  constructor(
    private readonly models: Models,
    private readonly sprints: SprintService,
    private readonly tasks: TaskService,
  ) {}

  /** `memo`: the request's tasks, so a task room's first use and the command in it read the task once. */
  async assertExists(room: ParsedRoom, memo?: TaskMemo): Promise<void> {
    if (room.kind === 'lobby' || this.known.has(room.name)) return;
    if (room.kind === 'sprint') await this.sprints.get(room.id!);
    else if (room.kind === 'task') await this.tasks.get(room.id!, memo);
    else if (room.kind === 'agent' && !(await this.models.principals.exists({ name: room.id! }))) {
      throw new HubError('not_found', `There is no @${room.id}, so no ${room.name}.`);
    }
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.add(room.name);
  }
}
