import {
  OPEN_SPRINT_STATUSES,
  OPEN_TASK_STATUSES,
  Limits,
  canMoveTask,
  sprintRoom,
  taskRoom,
  type Task,
  type TaskPriority,
  type TaskStatus,
  type TaskChangeKind,
} from '../../protocol/index.js';
import type { TaskDoc } from '../db/models/task.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import { timingOnMove } from './analytics/task-timing.js';
import { systemClock, type Clock } from './clock.js';
import { isDuplicateKey } from './mongo-errors.js';
import type { SprintService } from './sprints.js';
import { TaskMemo } from './task-memo.js';
import { TaskCache } from './task-cache.js';
import { TaskNotes, joinContext } from './task-notes.js';
import type { Hooks } from '../hooks.js';
import { log } from '../logger.js';
import { WriteQueue } from './write-queue.js';
import { taskToWire } from './wire.js';
import { utcMinute } from './time-format.js';
import { derivedId } from './message-ids.js';
import { Types } from 'mongoose';

export interface TaskFilter {
  sprint?: string;
  status?: TaskStatus;
  assignee?: string;
  limit?: number;
}

type TaskChange = Partial<
  Pick<
    TaskDoc,
    | 'status'
    | 'assignee'
    | 'context'
    | 'summary'
    | 'startedAt'
    | 'completedAt'
    | 'claimedBy'
    | 'leaseUntil'
    | 'leaseMs'
    | 'dependsOn'
    | 'parent'
    | 'collaborators'
    | 'reviewRequired'
    | 'reviewers'
    | 'statusSince'
    | 'timeIn'
  >
>;

export class TaskService {
  /** Every write of a task on this hub goes through here, claims included (see `update`). */
  readonly writes = new WriteQueue();
  /** Tasks as last written or read here; every write of a task on this hub goes through `wrote`. */
  readonly cache: TaskCache;
  /** Notes taken and not yet folded into their tasks; every task read here shows them. */
  readonly notes: TaskNotes;

  constructor(
    private readonly models: Models,
    private readonly activity: ActivityService,
    private readonly sprints: SprintService,
    private readonly hooks: Hooks,
    /** Stamps status changes (their timing feeds analytics). */
    readonly clock: Clock = systemClock,
  ) {
    this.cache = new TaskCache(models, clock);
    this.notes = new TaskNotes(models, clock, (code) => this.foldNotes(code));
  }

  /** A write of this hub stored `doc`: the cache keeps it, and other hubs forget their copies. */
  wrote(doc: TaskDoc): void {
    this.cache.put(doc);
    this.tellOtherHubs(doc.code);
  }

  /** A quiet write of this hub changed a few fields (see TaskCache.patch); other hubs forget their copies. */
  patched(code: string, change: (doc: TaskDoc) => TaskDoc | null): void {
    this.cache.patch(code, change);
    this.tellOtherHubs(code);
  }

  /** A write never fails because the news of it could not be passed on. */
  private tellOtherHubs(code: string): void {
    this.hooks.emit('task:written', { code }).catch((err: unknown) => log.error({ event: 'task_relay_failed', task: code }, (err as Error).message));
  }

  /** `memo`: the request's copy when it has one (see TaskMemo). */
  async get(code: string, memo?: TaskMemo): Promise<TaskDoc> {
    const task = memo ? await memo.find(code) : await this.cache.read(code.toUpperCase());
    if (!task) throw new HubError('not_found', `There is no task ${code.toUpperCase()}; /tasks lists them.`);
    return this.notes.overlay(task);
  }

  /** Which of `codes` are taken by a task, at most `limit` of them. */
  async taken(codes: string[], limit: number): Promise<string[]> {
    return (await this.models.tasks.find({ code: { $in: codes } }, { code: 1 }).limit(limit).lean()).map((t) => t.code);
  }

  /** A memo of the tasks one request reads (see TaskMemo). */
  memo(): TaskMemo {
    return new TaskMemo(this.cache);
  }

  /** The task as clients see it. */
  async find(code: string, memo?: TaskMemo): Promise<Task> {
    return taskToWire(await this.get(code, memo));
  }

  async create(
    by: Acting,
    input: { code: string; title: string; sprint: string; priority?: TaskPriority; assignee?: string; parent?: string; context?: string; reviewRequired?: boolean | null },
  ): Promise<Task> {
    const sprint = await this.sprints.get(input.sprint);
    let doc: TaskDoc;
    const now = this.clock.now();
    const stamp = by.op?.next('task-create');
    let made = true;
    try {
      doc = (
        await this.models.tasks.create({
          createdAt: now,
          statusSince: now,
          code: input.code,
          title: input.title,
          sprint: sprint.code,
          priority: input.priority ?? 'medium',
          assignee: input.assignee ?? null,
          parent: input.parent ?? null,
          context: input.context ?? '',
          reviewRequired: input.reviewRequired ?? null,
          createdBy: by.principal.name,
          ops: stamp ? [stamp] : [],
        })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // A resent command finds the task its first run made, and goes on from there.
      const existing = stamp && by.op?.resend ? await this.models.tasks.findOne({ code: input.code.toUpperCase() }).lean() : null;
      if (!existing?.ops?.includes(stamp!)) throw new HubError('already_exists', `Task ${input.code.toUpperCase()} already exists.`);
      doc = existing;
      made = false;
    }
    if (made) this.wrote(doc);
    const task = taskToWire(doc);
    if (made) await this.activity.daily.taskCreated(doc);
    await this.announce(by, task, 'created', `created task ${task.code} "${task.title}" in ${task.sprint}`);
    await this.sprints.announce(by, task.sprint, 'task_created');
    return task;
  }

  /**
   * Tasks of one sprint; else an assignee's (open ones unless a status is given); else those of
   * the open sprints. Each is an equality an index serves, bounded by work under way rather than
   * by all the tasks ever made.
   */
  async list(filter: TaskFilter): Promise<Task[]> {
    const query: Record<string, unknown> = {};
    if (filter.status) query.status = filter.status;
    if (filter.sprint) query.sprint = filter.sprint.toUpperCase();
    if (filter.assignee) {
      query.assignee = filter.assignee.toLowerCase();
      query.status ??= { $in: OPEN_TASK_STATUSES };
    }
    if (!filter.sprint && !filter.assignee) {
      const open = await this.models.sprints.find({ status: { $in: OPEN_SPRINT_STATUSES } }, { code: 1 }).lean();
      if (!open.length) return [];
      query.sprint = { $in: open.map((s) => s.code) };
    }
    const docs = (await this.models.tasks.find(query).lean())
      .sort((a, b) => a.sprint.localeCompare(b.sprint) || a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, filter.limit ?? 200);
    return docs.map((d) => taskToWire(this.notes.overlay(d)));
  }

  async setStatus(by: Acting, code: string, status: TaskStatus): Promise<Task> {
    const { before, after } = await this.update(code, (t) => statusChange(t, status, this.clock.now()), by);
    const task = taskToWire(after);
    if (before.status === after.status) return task;
    await this.announce(by, task, 'status', `moved ${task.code} from ${before.status} to ${status}`, { before, after });
    await this.sprints.announce(by, task.sprint, 'progress');
    return task;
  }

  /** All or nothing: every code must exist and allow the move before any task is written. */
  async setStatusMany(by: Acting, codes: string[], status: TaskStatus): Promise<Task[]> {
    const wanted = [...new Set(codes.map((c) => c.toUpperCase()))];
    const found = await this.models.tasks.find({ code: { $in: wanted } }).lean();
    const missing = wanted.filter((c) => !found.some((t) => t.code === c));
    if (missing.length) {
      throw new HubError('not_found', `No task changed: ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`);
    }
    const refused = found.filter((t) => !canMoveTask(t.status, status));
    if (refused.length) {
      throw new HubError(
        'invalid_transition',
        `No task changed: ${refused.map((t) => `${t.code} is ${t.status}`).join(', ')} and cannot become ${status}.`,
      );
    }
    const results: Task[] = [];
    for (const code of wanted) results.push(await this.setStatus(by, code, status));
    return results;
  }

  /** Gives the task to `assignee` (or nobody); `changed` is false when it already was theirs. */
  async assign(by: Acting, code: string, assignee: string | null): Promise<{ task: Task; changed: boolean }> {
    const { before, after } = await this.update(code, () => ({ assignee }), by);
    const task = taskToWire(after);
    if (before.assignee === after.assignee) return { task, changed: false };
    await this.announce(by, task, 'assignee', assignee ? `assigned ${task.code} to @${assignee}` : `unassigned ${task.code}`);
    return { task, changed: true };
  }

  /**
   * A note is a row of its own, folded into the task's context later (see TaskNotes); the task is
   * not written. It is refused when the context it would join is full, as an append would be.
   */
  async note(by: Acting, code: string, note: string, at = new Date()): Promise<Task> {
    const entry = `[${utcMinute(at)}] @${by.principal.name}: ${note}`;
    const before = await this.get(code, by.taskMemo);
    appendContext(before.context, entry);
    const stamp = by.op?.next('task-note');
    await this.notes.add(before.code, stamp ? derivedId(['task-note', stamp]) : new Types.ObjectId(), entry);
    const task = taskToWire(await this.get(code, by.taskMemo));
    await this.announce(by, task, 'note', `noted on ${task.code}: ${note}`);
    return task;
  }

  async setContext(by: Acting, code: string, edit: { append: string } | { replace: string }): Promise<Task> {
    const { after } = await this.update(code, (t) => ({
      context: 'append' in edit ? appendContext(t.context, edit.append) : limitContext(edit.replace),
    }), by);
    const task = taskToWire(after);
    await this.announce(by, task, 'context', `${'append' in edit ? 'appended to' : 'replaced'} the context of ${task.code}`);
    return task;
  }

  async done(by: Acting, code: string, summary: string): Promise<Task> {
    const { before, after } = await this.update(code, (t) => ({ ...statusChange(t, 'completed', this.clock.now()), summary }), by);
    const task = taskToWire(after);
    await this.announce(by, task, 'done', `completed ${task.code}: ${summary}`, { before, after });
    if (before.status !== 'completed') await this.sprints.announce(by, task.sprint, 'progress');
    return task;
  }

  /** Writes the notes this hub holds for the task into it, in the same queue as every other write. */
  async foldNotes(code: string): Promise<void> {
    await this.writes.run(code, () => this.conditionally(code, undefined, async (t, write) => (!this.notes.shows(t) || (await write(t, {}, {})) ? true : null)));
  }

  /** Any change of the task through the same queue and `rev` check as every other write. */
  change(code: string, change: (t: TaskDoc) => TaskChange, by?: Acting): Promise<{ before: TaskDoc; after: TaskDoc }> {
    return this.update(code, change, by);
  }

  /**
   * Read, compute, write only if nobody wrote in between (the `rev` check), else retry. Keeps
   * concurrent notes from overwriting each other without transactions, which FerretDB lacks.
   * FerretDB v1 does not honour that check under concurrency (it filters in Go, then writes by
   * `_id` alone), so this hub also runs the writes of one task one at a time; the `rev` check
   * still guards writes from other hubs on MongoDB.
   */
  private update(code: string, change: (t: TaskDoc) => TaskChange, by?: Acting): Promise<{ before: TaskDoc; after: TaskDoc }> {
    const stamp = by?.op?.next(`task:${code.toUpperCase()}`);
    return this.writes.run(code, () => this.compareAndSet(code, change, stamp, by?.taskMemo));
  }

  /**
   * `stamp`: a resent command's write that is already in the task is not made again (before = after).
   * `memo`: the request read the task already; the first attempt starts from that copy.
   */
  private compareAndSet(code: string, change: (t: TaskDoc) => TaskChange, stamp?: string, memo?: TaskMemo): Promise<{ before: TaskDoc; after: TaskDoc }> {
    return this.conditionally(code, memo, async (before, write) => {
      if (stamp && before.ops?.includes(stamp)) return { before, after: before };
      const changed = change(before);
      const after = await write(before, {}, stamp ? { ...changed, ops: [...(before.ops ?? []), stamp].slice(-KEPT_OPS) } : changed);
      return after ? { before, after } : null;
    });
  }

  /**
   * Reads the task, lets `step` decide and write through `write`; a null from `step` means the
   * write matched nothing (somebody wrote in between), so it reads and decides again. The first
   * attempt starts from the request's copy (see TaskMemo), which may be a kept one: a refusal
   * `step` makes before it writes is then decided again on a fresh read, since another hub may
   * have changed the task a moment ago.
   */
  async conditionally<T>(code: string, memo: TaskMemo | undefined, step: (t: TaskDoc, write: ConditionalWrite) => Promise<T | null>): Promise<T> {
    for (let attempt = 0; attempt < 20; attempt++) {
      let wrote = false;
      const write: ConditionalWrite = (t, condition, set) => {
        wrote = true;
        return this.writeIf(t, condition, set, memo);
      };
      try {
        const done = await step(await this.get(code, attempt === 0 ? memo : undefined), write);
        if (done !== null) return done;
      } catch (err) {
        if (attempt > 0 || wrote || !(err instanceof HubError)) throw err;
        this.cache.forget(code.toUpperCase());
      }
    }
    throw new HubError('conflict', `Task ${code.toUpperCase()} is being changed by many at once; try again.`);
  }

  /**
   * One update of `t`, only if it is still as read (`rev`) and `condition` holds. What it wrote is
   * kept (and remembered by the request); a write that matched nothing makes the copy be read again.
   */
  async writeIf(t: TaskDoc, condition: Record<string, unknown>, set: Record<string, unknown>, memo?: TaskMemo): Promise<TaskDoc | null> {
    // The notes the copy shows go in with whatever else is written (see TaskNotes).
    const { $set, quiet } = this.notes.foldInto(t, set);
    const after = await this.models.tasks.findOneAndUpdate({ _id: t._id, rev: t.rev, ...condition }, { $set, $inc: { rev: 1 } }, { new: true, lean: true, timestamps: !quiet });
    if (!after) {
      this.cache.forget(t.code);
      return null;
    }
    this.notes.wrote(t);
    this.wrote(after);
    memo?.remember(after);
    // Notes taken while it was written are still to fold, and shown.
    return this.notes.overlay(after);
  }

  /** Records the change in the activity log (with `move`, the status it left and entered) and tells the task's and sprint's rooms. */
  async announce(by: Acting, task: Task, change: TaskChangeKind, text: string, move?: { before: TaskDoc; after: TaskDoc }): Promise<void> {
    await this.activity.record(by, `task.${change}`, text, { task: task.code, sprint: task.sprint, move });
    by.emit([taskRoom(task.code), sprintRoom(task.sprint)], 'task:updated', { task, change, by: by.principal });
  }
}

/** A task update conditional on the `rev` it was read at and on `condition`; null when it matched nothing. */
export type ConditionalWrite = (t: TaskDoc, condition: Record<string, unknown>, set: Record<string, unknown>) => Promise<TaskDoc | null>;

/** Command stamps a task keeps: more than one command's writes to one task, fewer than would weigh on it. */
const KEPT_OPS = 16;

const ENDS_CLAIM: readonly TaskStatus[] = ['todo', 'completed', 'cancelled'];

export function statusChange(t: TaskDoc, status: TaskStatus, now: Date): TaskChange {
  if (!canMoveTask(t.status, status)) {
    throw new HubError('invalid_transition', `Task ${t.code} is ${t.status} and cannot become ${status}.`);
  }
  if (t.status === status) return {};
  return {
    status,
    ...timingOnMove(t, status, now),
    ...(status === 'in_progress' && !t.startedAt ? { startedAt: now } : {}),
    completedAt: status === 'completed' ? now : null,
    // Finished, or handed back: nobody holds it any more, so no lease can lapse it back to todo.
    ...(ENDS_CLAIM.includes(status) ? { claimedBy: null, claimed: false, leaseUntil: null, leaseMs: null } : {}),
  };
}

function limitContext(context: string): string {
  if (context.length > Limits.taskContextChars) {
    throw new HubError('too_large', `A task context holds at most ${Limits.taskContextChars} characters; put long material in an artifact.`);
  }
  return context;
}

export const appendContext = (existing: string, addition: string) => limitContext(joinContext(existing, addition));
