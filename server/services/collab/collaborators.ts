import { taskRoom, type Task } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { PrincipalKinds } from '../principal-kinds.js';
import { HubError } from '../../errors.js';
import type { Acting } from '../acting.js';
import { isDuplicateKey } from '../mongo-errors.js';
import type { TaskService } from '../tasks.js';
import { taskToWire } from '../wire.js';

/**
 * Collaborators of a task: listed on the task, and each given a grant on its room, which is what
 * AccessService reads, so they get the room and the right to change the task without being its
 * assignee. Removing takes both back.
 */
export class CollaboratorService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly principals: PrincipalKinds,
  ) {}

  async change(by: Acting, code: string, add: string[], remove: string[]): Promise<Task> {
    const task = await this.tasks.get(code);
    await this.principals.known(add, '; /agents lists the agents.');
    const absent = remove.filter((n) => !task.collaborators?.includes(n));
    if (absent.length) throw new HubError('not_found', `${absent.map((n) => `@${n}`).join(', ')} ${absent.length === 1 ? 'is' : 'are'} not a collaborator of ${task.code}.`);
    const room = taskRoom(task.code);
    for (const name of add) {
      try {
        await this.models.grants.create({ principal: name, room, grantedBy: by.principal.name });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // already invited: the grant is there
      }
    }
    for (const name of remove) await this.models.grants.deleteOne({ principal: name, room });
    const { after } = await this.tasks.change(code, (t) => ({
      collaborators: [...new Set([...(t.collaborators ?? []), ...add])].filter((n) => !remove.includes(n)),
    }), by);
    const wire = taskToWire(after);
    const said = [add.length ? `added ${add.map((n) => `@${n}`).join(', ')}` : '', remove.length ? `removed ${remove.map((n) => `@${n}`).join(', ')}` : ''].filter(Boolean).join(' and ');
    await this.tasks.announce(by, wire, 'collaborators', `${said} as collaborators of ${wire.code}`);
    return wire;
  }
}
