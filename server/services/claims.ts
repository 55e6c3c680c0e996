import { agentRoom, sprintRoom, taskRoom, type Role, type RoomName, type Task, type TaskStatus } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';
import { HubError } from '../errors.js';
import type { Posting } from './acting.js';
import type { SprintService } from './sprints.js';
import type { TaskMemo } from './task-memo.js';
import type { TaskService } from './tasks.js';
import { timingOnMove } from './analytics/task-timing.js';
import { taskToWire } from './wire.js';
import { utcSecond } from './time-format.js';

export const DEFAULT_LEASE_MS = 30 * 60_000;
export const MIN_LEASE_MS = 1000;
export const MAX_LEASE_MS = 24 * 3_600_000;

/** What a lease ends in: work under way goes back to todo; blocked or in review stays as it is, unheld. */
const CLEARED = { claimedBy: null, claimed: false, leaseUntil: null, leaseMs: null };
const unheld = (t: TaskDoc, now: Date) => (t.status === 'in_progress' ? { ...CLEARED, status: 'todo' as TaskStatus, ...timingOnMove(t, 'todo', now) } : CLEARED);

const expired = (t: Pick<TaskDoc, 'leaseUntil'>, now: Date) => !t.leaseUntil || t.leaseUntil.getTime() <= now.getTime();

/**
 * The share of a lease that passes before a holder's command extends it again. Each extension is
 * a write of the whole task, so a holder's every command is not one: the lease still runs at
 * least nine tenths of its length past the holder's last command.
 */
export const RENEWAL_STEP = 0.1;
const renewalDue = (t: Pick<TaskDoc, 'leaseUntil' | 'leaseMs'>, now: number) =>
  !t.leaseUntil || t.leaseUntil.getTime() - now < (t.leaseMs ?? DEFAULT_LEASE_MS) * (1 - RENEWAL_STEP);

/**
 * /task-claim, /task-release and the lease behind them. Every write here runs in the task's write
 * queue (the one TaskService uses, so a claim never interleaves with a note or a status move on
 * this hub) and is one update conditional on what was decided from (the claim's holder and
 * lease, and `rev`), which guards against other hubs on MongoDB.
 */
export class ClaimService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly sprints: SprintService,
  ) {}

  /**
   * Takes a todo task, or renews the caller's own claim. A claim whose lease ran out counts as
   * free (its holder is told). Refused: held by someone else (`already_claimed`), assigned to
   * someone else, or not todo.
   */
  claim(by: Posting, code: string, leaseMs: number): Promise<{ task: Task; renewed: boolean }> {
    const me = by.principal.name;
    return this.tasks.writes.run(code, () =>
      this.tasks.conditionally(code, by.taskMemo, async (t, write) => {
        const now = new Date();
        const renewed = t.claimedBy === me;
        if (!renewed) assertClaimable(t, me, now);
        const lapsedHolder = renewed ? null : t.claimedBy;
        const starts = t.status === 'todo';
        const set = {
          claimedBy: me,
          claimed: true,
          leaseUntil: new Date(now.getTime() + leaseMs),
          leaseMs,
          ...(starts
            ? { status: 'in_progress' as TaskStatus, completedAt: null, ...(t.startedAt ? {} : { startedAt: now }), ...timingOnMove(t, 'in_progress', this.tasks.clock.now()) }
            : {}),
        };
        const free = { assignee: { $in: [null, me] }, $or: [{ claimedBy: null }, { leaseUntil: null }, { leaseUntil: { $lte: now } }] };
        const after = await write(t, renewed ? { claimedBy: me } : free, set);
        if (!after) return null;
        const task = taskToWire(after);
        if (renewed) return { task, renewed };
        const until = utcSecond(set.leaseUntil);
        await this.tasks.announce(
          by,
          task,
          'claimed',
          lapsedHolder ? `claimed ${task.code} from @${lapsedHolder}, whose lease had run out` : `claimed ${task.code} until ${until}`,
          { before: t, after },
        );
        if (starts) await this.sprints.announce(by, task.sprint, 'progress');
        if (lapsedHolder) {
          await this.say(by, agentRoom(lapsedHolder), `⏰ Your lease on ${task.code} ran out while you were away, and @${me} claimed it.`, task.code, 'claimed');
        }
        return { task, renewed };
      }),
    );
  }

  /** Gives a claimed task back: its holder may, and so may people (admins and members). */
  release(by: Posting & { principal: { role: Role } }, code: string): Promise<Task> {
    const me = by.principal.name;
    return this.tasks.writes.run(code, () =>
      this.tasks.conditionally(code, by.taskMemo, async (t, write) => {
        const holder = t.claimedBy;
        if (!holder) throw new HubError('invalid_transition', `${t.code} is not claimed by anyone, so there is nothing to release.`);
        if (holder !== me && by.principal.role === 'agent') {
          throw new HubError('forbidden', `${t.code} is held by @${holder}; only @${holder} or a person may release it.`);
        }
        const after = await write(t, { claimedBy: holder }, unheld(t, this.tasks.clock.now()));
        if (!after) return null;
        const task = taskToWire(after);
        await this.tasks.announce(by, task, 'released', holder === me ? `released ${task.code}` : `released ${task.code}, held by @${holder}`, { before: t, after });
        if (task.status !== t.status) await this.sprints.announce(by, task.sprint, 'progress');
        if (holder !== me) await this.say(by, agentRoom(holder), `🔓 @${me} released your claim on ${task.code}; ${task.status === 'todo' ? 'it is back in todo' : `it stays ${task.status}`}.`, task.code, 'released');
        return task;
      }),
    );
  }

  /** Every claimed task with a holder, and its lease: what the lease keeper looks at. */
  async held(): Promise<{ code: string; claimedBy: string; leaseUntil: Date | null; leaseMs: number | null }[]> {
    const claimed = await this.models.tasks.find({ claimed: true }, { code: 1, claimedBy: 1, leaseUntil: 1, leaseMs: 1 }).lean();
    return claimed.flatMap((t) => (t.claimedBy ? [{ code: t.code, claimedBy: t.claimedBy, leaseUntil: t.leaseUntil ?? null, leaseMs: t.leaseMs ?? null }] : []));
  }

  /**
   * Extends the leases `holder` has on any of `codes` by each claim's own length. Quiet (no event,
   * no `updatedAt`, no `rev`): it happens every few seconds and changes nothing anyone reads but
   * the lease, and the lease conditions of claims and lapses guard it.
   */
  async renew(holder: string, codes: string[], memo?: TaskMemo): Promise<void> {
    if (!codes.length) return;
    if (memo) return this.renewFrom(memo, holder, codes);
    const held = await this.models.tasks.find({ code: { $in: codes.map((c) => c.toUpperCase()) }, claimedBy: holder }, { code: 1 }).lean();
    for (const { code } of held) {
      await this.tasks.writes.run(code, async () => {
        const t = await this.models.tasks.findOne({ code, claimedBy: holder }, { leaseMs: 1 }).lean();
        if (!t) return;
        const leaseUntil = new Date(Date.now() + (t.leaseMs ?? DEFAULT_LEASE_MS));
        await this.extend({ _id: t._id, code }, holder, leaseUntil);
      });
    }
  }

  /**
   * `renew` in a command, from the copies the command reads anyway (the update's condition is what
   * guards it), once a tenth of the lease has passed since it was last extended.
   */
  private async renewFrom(memo: TaskMemo, holder: string, codes: string[]): Promise<void> {
    for (const code of new Set(codes.map((c) => c.toUpperCase()))) {
      const t = await memo.find(code);
      if (t?.claimedBy !== holder || !renewalDue(t, Date.now())) continue;
      await this.tasks.writes.run(code, async () => {
        const leaseUntil = new Date(Date.now() + (t.leaseMs ?? DEFAULT_LEASE_MS));
        await this.extend(t, holder, leaseUntil);
      });
    }
  }

  /** One lease extended, if `holder` still holds it; the hub's copy of the task follows. */
  private async extend(t: Pick<TaskDoc, '_id' | 'code'>, holder: string, leaseUntil: Date): Promise<void> {
    const { matchedCount } = await this.models.tasks.updateOne({ _id: t._id, claimedBy: holder }, { $set: { leaseUntil } }, { timestamps: false });
    if (matchedCount) this.tasks.patched(t.code, (doc) => (doc.claimedBy === holder ? { ...doc, leaseUntil } : null));
    else this.tasks.cache.forget(t.code);
  }

  /**
   * The lease keeper found `holder` offline with its lease on `code` run out: nobody holds the
   * task any more. Does nothing if the lease was renewed or the task changed hands meanwhile.
   * The holder, the task room and the sprint room are told, in stored messages.
   */
  lapse(by: Posting, code: string, holder: string): Promise<Task | null> {
    return this.tasks.writes.run(code, async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const t = await this.models.tasks.findOne({ code: code.toUpperCase() }).lean();
        const now = new Date();
        if (!t || t.claimedBy !== holder || !expired(t, now)) return null;
        const after = await this.tasks.writeIf(t, { claimedBy: holder, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] }, unheld(t, this.tasks.clock.now()));
        if (!after) continue;
        const task = taskToWire(after);
        await this.tasks.announce(by, task, 'lease_lapsed', `the lease of @${holder} on ${task.code} ran out while @${holder} was offline`, { before: t, after });
        by.emit(agentRoom(holder), 'task:updated', { task, change: 'lease_lapsed', by: by.principal });
        if (task.status !== t.status) await this.sprints.announce(by, task.sprint, 'progress');
        const next = task.status === 'todo' ? `${task.code} is back in todo: /task-claim ${task.code} to take it` : `nobody holds ${task.code} now (it stays ${task.status})`;
        for (const room of [taskRoom(task.code), sprintRoom(task.sprint)]) {
          await this.say(by, room, `⏰ The lease of @${holder} on ${task.code} ran out while @${holder} was offline; ${next}.`, task.code, 'lease_lapsed');
        }
        await this.say(
          by,
          agentRoom(holder),
          `⏰ Your lease on ${task.code} ran out while you were offline; you no longer hold it${task.status === 'todo' ? ' and it is back in todo' : ''}. /task-claim ${task.code} to take it again if it is still free.`,
          task.code,
          'lease_lapsed',
        );
        return task;
      }
      return null;
    });
  }

  /** In a command, after its own messages; from the lease keeper, at once. */
  private async say(by: Posting, room: RoomName, text: string, task: string, change: string): Promise<void> {
    await by.post(room, text, { task, change });
  }
}

/** Why `me` may not take `t` (a claim of someone else's that has not run out, an assignee, the status), or nothing. */
function assertClaimable(t: TaskDoc, me: string, now: Date): void {
  if (t.claimedBy && !expired(t, now)) {
    throw new HubError('already_claimed', `${t.code} is held by @${t.claimedBy} until ${utcSecond(t.leaseUntil!)}.`);
  }
  if (t.assignee && t.assignee !== me) {
    throw new HubError('forbidden', `${t.code} is assigned to @${t.assignee}; only @${t.assignee} may claim it. Ask a person to /task-assign it to you.`);
  }
  // A lapsed claim on work under way is as free as the todo task the lease keeper would make of it.
  const free = t.status === 'todo' || (t.claimedBy !== null && t.status === 'in_progress');
  if (!free) throw new HubError('invalid_transition', `${t.code} is ${t.status}; only a todo task can be claimed.`);
}
