import { isFinishedTask, type Task, type PrincipalWithRole } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import { HubError } from '../../errors.js';
import type { Posting } from '../acting.js';
import { DEFAULT_LEASE_MS } from '../claims.js';
import type { Clock } from '../clock.js';
import type { Postmaster } from '../postmaster.js';
import { appendContext, type TaskService } from '../tasks.js';
import { utcMinute } from '../time-format.js';
import { taskToWire } from '../wire.js';
import { hubSender } from './hub-sender.js';

type Sender = Posting & { principal: PrincipalWithRole };

/** `/task-handoff`: the assignment and any claim move to someone else, with a note of what is left. */
export class HandoffService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly postmaster: Postmaster,
    private readonly clock: Clock,
  ) {}

  async handoff(by: Sender, code: string, to: string, left: string): Promise<Task> {
    const target = await this.models.principals.findOne({ name: to }, { name: 1 }).lean();
    if (!target) throw new HubError('not_found', `Nobody is called @${to}; /agents lists the agents.`);
    const me = by.principal.name;
    const now = this.clock.now();
    const { before, after } = await this.tasks.change(code, (t) => {
      if (isFinishedTask(t.status)) throw new HubError('invalid_transition', `${t.code} is ${t.status}; there is nothing left to hand off.`);
      if (t.assignee === to && (!t.claimedBy || t.claimedBy === to)) throw new HubError('invalid_args', `${t.code} is already @${to}'s.`);
      // An agent hands off only what is its own; a collaborator asks a person or the assignee.
      if (by.principal.role === 'agent' && t.assignee !== me && t.claimedBy !== me) {
        throw new HubError('forbidden', `${t.code} is not yours to hand off: it is ${t.assignee ? `assigned to @${t.assignee}` : 'unassigned'}${t.claimedBy ? ` and held by @${t.claimedBy}` : ''}.`);
      }
      const entry = `[${utcMinute(now)}] @${me} handed ${t.code} off to @${to}. What is left: ${left}`;
      return {
        assignee: to,
        context: appendContext(t.context, entry),
        ...(t.claimedBy ? { claimedBy: to, leaseUntil: new Date(now.getTime() + (t.leaseMs ?? DEFAULT_LEASE_MS)) } : {}),
      };
    }, by);
    const task = taskToWire(after);
    const from = before.claimedBy ?? before.assignee;
    await this.tasks.announce(by, task, 'handoff', `handed ${task.code} off${from ? ` from @${from}` : ''} to @${to}: ${left}`);
    await this.postmaster.assigned(hubSender(by), task);
    return task;
  }
}
