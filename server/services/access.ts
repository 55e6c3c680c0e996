import { HELD_RUN_STATUSES, sprintRoom, taskRoom, type Activity, type Artifact, type ArtifactOwner, type ParsedRoom, type Task, type PrincipalWithRole } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { TaskMemo } from './task-memo.js';

/** Reads whether a task's details are open to one caller, asking the database once per code. */
export type TaskReader = (code: string) => Promise<boolean>;

/**
 * Least privilege per room. Admins go everywhere. Members (people) go everywhere but other
 * agents' inboxes. Agents go to the lobby, their own inbox, and the rooms of the tasks they are
 * assigned to or hold, the sprints those tasks are in, and rooms they were invited into.
 */
export class AccessService {
  constructor(private readonly models: Models) {}

  /** `memo`: the request's read tasks, so a check and the command after it read a task once. */
  async canUseRoom(caller: PrincipalWithRole, room: ParsedRoom, memo?: TaskMemo): Promise<boolean> {
    if (caller.role === 'admin') return true;
    if (room.kind === 'agent') return room.id === caller.name;
    if (caller.role !== 'agent' || room.kind === 'lobby') return true;
    if (room.kind === 'task') {
      // The task first: an agent at work in its own task's room needs no other read.
      const task = memo ? await memo.find(room.id!) : await this.models.tasks.findOne({ code: room.id }, { assignee: 1, claimedBy: 1, sprint: 1 }).lean();
      if (task && holds(task, caller.name)) return true;
      const rooms = task ? [room.name, sprintRoom(task.sprint)] : [room.name];
      if (await this.models.grants.exists({ principal: caller.name, room: { $in: rooms } })) return true;
      // Refused on the hub's copy: another hub may have just given the task to the caller.
      const fresh = memo ? await memo.refresh(room.id!) : null;
      return Boolean(fresh && holds(fresh, caller.name));
    }
    if (await this.models.grants.exists({ principal: caller.name, room: room.name })) return true;
    const [given, held] = await Promise.all([
      this.models.tasks.exists({ sprint: room.id, assignee: caller.name }),
      this.models.tasks.exists({ sprint: room.id, claimedBy: caller.name }),
    ]);
    return Boolean(given ?? held);
  }

  async assertRoom(caller: PrincipalWithRole, room: ParsedRoom, memo?: TaskMemo): Promise<void> {
    if (await this.canUseRoom(caller, room, memo)) return;
    if (room.kind === 'agent') throw new HubError('forbidden', `${room.name} is the inbox of @${room.id}; only that agent and admins may use it.`);
    throw new HubError('forbidden', `@${caller.name} is not assigned to ${room.name} and was not invited: ask a person to /task-assign or /room-invite you.`);
  }

  /**
   * The one read rule for tasks, on every interface: everyone sees the board (codes, titles,
   * statuses, assignees); a task's context, notes, activity details, messages and artifacts are
   * for people and for the agents that may use its room.
   */
  async canReadTask(caller: PrincipalWithRole, code: string, memo?: TaskMemo): Promise<boolean> {
    if (caller.role !== 'agent') return true;
    const id = code.toUpperCase();
    return this.canUseRoom(caller, { kind: 'task', id, name: taskRoom(id) }, memo);
  }

  /** `canReadTask` for one caller over many codes (a list view), each code asked once. */
  taskReader(caller: PrincipalWithRole): TaskReader {
    const known = new Map<string, Promise<boolean>>();
    return (code) => {
      const id = code.toUpperCase();
      if (!known.has(id)) known.set(id, this.canReadTask(caller, id));
      return known.get(id)!;
    };
  }

  /** Activity as the caller may see it: entries about tasks it may not read keep only what the board shows. */
  async visibleActivity(caller: PrincipalWithRole, items: Activity[], reader = this.taskReader(caller)): Promise<Activity[]> {
    if (caller.role !== 'agent') return items;
    return Promise.all(items.map(async (a) => (a.task && !(await reader(a.task)) ? boardActivity(a) : a)));
  }

  /** A task as the caller may see it: without context and summary when it may not read the task. */
  async visibleTask<T extends Pick<Task, 'code' | 'summary'> & { context?: string }>(caller: PrincipalWithRole, task: T, reader = this.taskReader(caller)): Promise<T> {
    return (await reader(task.code)) ? task : boardTask(task);
  }

  /** Artifacts the caller may read, of those listed (project ones are everyone's). */
  async visibleArtifacts(caller: PrincipalWithRole, artifacts: Artifact[]): Promise<Artifact[]> {
    if (caller.role !== 'agent') return artifacts;
    const shown: Artifact[] = [];
    for (const a of artifacts) {
      const ok = await this.assertArtifactRead(caller, { ownerKind: a.owner.kind, ownerCode: a.owner.code ?? '' }, a.sha256).then(
        () => true,
        () => false,
      );
      if (ok) shown.push(a);
    }
    return shown;
  }

  /**
   * Naming stored bytes by hash (artifact-upload --sha256) needs the same right as linking them:
   * reading some artifact that holds them. Bytes no artifact holds yet are a fresh upload, which
   * only someone who had the bytes can name.
   */
  async assertBlobUse(caller: PrincipalWithRole, sha256: string, linked: boolean): Promise<void> {
    if (!linked) return;
    await this.assertArtifactRead(caller, null, sha256);
  }

  /** Agents change only tasks whose rooms they may use; people change any task. */
  async assertTaskWrite(caller: PrincipalWithRole, codes: string[], memo: TaskMemo): Promise<void> {
    if (caller.role !== 'agent') return;
    for (const code of codes) {
      const room = { kind: 'task' as const, id: code.toUpperCase(), name: taskRoom(code) };
      if (!(await memo.find(room.id))) continue; // the command answers not_found itself
      if (!(await this.canUseRoom(caller, room, memo))) {
        throw new HubError('forbidden', `@${caller.name} may not change ${room.id}: it is not assigned to you. Claim it with /task-claim ${room.id} or ask to be assigned.`);
      }
    }
  }

  /**
   * Agents read the artifacts of the tasks and sprints they may use, and the project's; bytes
   * named only by hash are readable if some artifact holding them is. People read everything.
   */
  async assertArtifactRead(caller: PrincipalWithRole, artifact: { ownerKind: string; ownerCode: string } | null, sha256: string): Promise<void> {
    if (caller.role !== 'agent') return;
    const holders = artifact ? [artifact] : await this.models.artifacts.find({ sha256 }, { ownerKind: 1, ownerCode: 1 }).lean();
    for (const h of holders) {
      if (h.ownerKind === 'project') return;
      const kind = h.ownerKind as 'task' | 'sprint';
      if (await this.canUseRoom(caller, { kind, id: h.ownerCode, name: kind === 'task' ? taskRoom(h.ownerCode) : sprintRoom(h.ownerCode) })) return;
    }
    // Bytes sent to the caller in a parcel are the caller's to read.
    if (await this.models.parcels.exists({ to: caller.name, attachmentShas: sha256 })) return;
    throw new HubError('forbidden', `@${caller.name} may not read this artifact: it belongs to a task or sprint you are not assigned to or invited into.`);
  }

  /** Project-wide artifacts are written by people; agents attach to the tasks and sprints they work in. */
  async assertArtifactWrite(caller: PrincipalWithRole, owner: ArtifactOwner): Promise<void> {
    if (caller.role !== 'agent') return;
    if (owner.kind === 'project') {
      throw new HubError('forbidden', 'Project artifacts are written by admins and members; agents attach to their tasks and sprints.');
    }
    // A runner keeps the files of a run it holds (--outputs) on that run's task, and nothing else.
    if (owner.kind === 'task' && (await this.models.runs.exists({ runner: caller.name, status: { $in: HELD_RUN_STATUSES }, task: owner.code.toUpperCase() }))) return;
    const room = owner.kind === 'task' ? taskRoom(owner.code) : sprintRoom(owner.code);
    await this.assertRoom(caller, { kind: owner.kind, id: owner.code, name: room });
  }
}

/** What anyone may know of an activity entry: who did what kind of thing to which task, not the details. */
export function boardActivity(a: Activity): Activity {
  return { ...a, text: `${a.type.replace(/[._]/g, ' ')} on ${a.task} (details are for those on the task)` };
}

/** A task as the board shows it: no context, no summary. */
export function boardTask<T extends { summary: string | null; context?: string }>(task: T): T {
  return { ...task, ...('context' in task ? { context: '' } : {}), summary: null };
}

const holds = (task: { assignee: string | null; claimedBy?: string | null }, name: string) => task.assignee === name || task.claimedBy === name;
