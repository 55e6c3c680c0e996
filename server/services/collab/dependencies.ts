import { isFinishedTask, taskRoom, type Role, type Task, type TaskStatus, type PrincipalWithRole } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import { HubError } from '../../errors.js';
import type { Posting } from '../acting.js';
import type { Postmaster } from '../postmaster.js';
import type { TaskMemo } from '../task-memo.js';
import type { TaskService } from '../tasks.js';
import { taskToWire } from '../wire.js';
import { hubSender } from './hub-sender.js';
import { describeWaiting, waitingOn } from './readiness.js';

/** Most tasks a cycle search reads before giving up; a plan that deep is a mistake anyway. */
const MAX_GRAPH = 2000;
/** Dependents told at once when a task finishes. */
const MAX_DEPENDENTS = 200;

type Sender = Posting & { principal: PrincipalWithRole };

/** `/task-depends`, `/task-undepend`, readiness for claims, and "T-2 is ready" when a dependency finishes. */
export class DependencyService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly postmaster: Postmaster,
  ) {}

  async depend(by: Sender, code: string, on: string[]): Promise<Task> {
    const task = await this.tasks.get(code, by.taskMemo);
    const wanted = [...new Set(on)].filter((c) => !task.dependsOn?.includes(c));
    if (wanted.includes(task.code)) throw new HubError('invalid_args', `${task.code} cannot depend on itself.`);
    const found = await this.models.tasks.find({ code: { $in: wanted } }, { code: 1 }).lean();
    const missing = wanted.filter((c) => !found.some((f) => f.code === c));
    if (missing.length) throw new HubError('not_found', `No dependency added: ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`);
    for (const dep of wanted) {
      const path = await this.pathBetween(dep, task.code);
      if (path) throw new HubError('invalid_args', `No dependency added: it would make a cycle ${[task.code, ...path].join(' → ')}. Remove one with /task-undepend.`);
    }
    const { after } = await this.tasks.change(code, (t) => ({ dependsOn: [...new Set([...(t.dependsOn ?? []), ...wanted])] }), by);
    const wire = taskToWire(after);
    if (wanted.length) await this.tasks.announce(by, wire, 'dependencies', `made ${wire.code} depend on ${wanted.join(', ')}`);
    return wire;
  }

  async undepend(by: Sender, code: string, on: string[]): Promise<Task> {
    const task = await this.tasks.get(code, by.taskMemo);
    const absent = on.filter((c) => !task.dependsOn?.includes(c));
    if (absent.length) throw new HubError('not_found', `${task.code} does not depend on ${absent.join(', ')}; /task-detail ${task.code} shows what it waits for.`);
    const { after } = await this.tasks.change(code, (t) => ({ dependsOn: (t.dependsOn ?? []).filter((c) => !on.includes(c)) }), by);
    const wire = taskToWire(after);
    await this.tasks.announce(by, wire, 'dependencies', `removed ${on.join(', ')} from what ${wire.code} waits for`);
    return wire;
  }

  /** For each task, the dependencies it still waits for; a task not in the map waits for nothing. */
  waitingOn(tasks: { code: string; dependsOn?: string[] }[]): Promise<Map<string, { code: string; status: TaskStatus }[]>> {
    return waitingOn(this.models, tasks);
  }

  /** Refuses work on a task whose dependencies are not all finished, naming them. */
  async assertReady(code: string, memo?: TaskMemo): Promise<void> {
    const task = await this.tasks.get(code, memo);
    const open = (await waitingOn(this.models, [task])).get(task.code);
    if (!open) return;
    throw new HubError('not_ready', `${task.code} is not ready: it waits for ${describeWaiting(open)}. /tasks --ready lists what can start now.`);
  }

  /**
   * `finished` was just completed or cancelled: each task that waited for it and now waits for
   * nothing is ready. Its room is told, and its assignee gets a parcel.
   */
  async released(by: Sender, finished: Task): Promise<void> {
    if (!isFinishedTask(finished.status)) return;
    const dependents = await this.models.tasks.find({ dependsOn: finished.code }).limit(MAX_DEPENDENTS).lean();
    const open = await waitingOn(this.models, dependents);
    for (const d of dependents) {
      if (open.has(d.code) || isFinishedTask(d.status)) continue;
      const text = `${d.code} is ready: ${finished.code} is ${finished.status === 'completed' ? 'done' : 'cancelled'}`;
      await by.post(taskRoom(d.code), `🟢 ${text}.`, { task: d.code, change: 'ready' });
      by.emit([taskRoom(d.code)], 'task:updated', { task: taskToWire(d), change: 'ready', by: by.principal });
      if (d.assignee) {
        await this.postmaster.send(hubSender(by), {
          to: [d.assignee],
          kind: 'notice',
          subject: text,
          body: `${text}. Start with /task-claim ${d.code} or /task-status ${d.code} --status=in_progress.`,
          task: d.code,
          allowUnknownRecipients: true,
        });
      }
    }
  }

  /**
   * The chain of dependencies from `from` to `to` (both included), or null. Two breadth-first
   * searches in step, one level (one query) each at a time: forward from `from` along what tasks
   * depend on, backward from `to` along who depends on them. Either reaching its target finds the
   * path; either running out proves there is none. So appending to a long chain (the new task has
   * no dependents yet) costs two queries, not one per link of the chain. Bounded by MAX_GRAPH.
   */
  private async pathBetween(from: string, to: string): Promise<string[] | null> {
    const fwd = new Map<string, string | null>([[from, null]]);
    const bwd = new Map<string, string | null>([[to, null]]);
    let ahead = [from];
    let behind = [to];
    const forwardPath = () => {
      const path: string[] = [];
      for (let at: string | null = to; at !== null; at = fwd.get(at) ?? null) path.unshift(at);
      return path;
    };
    const backwardPath = () => {
      const path: string[] = [];
      for (let at: string | null = from; at !== null; at = bwd.get(at) ?? null) path.push(at);
      return path;
    };
    while (fwd.size + bwd.size < MAX_GRAPH) {
      if (fwd.has(to)) return forwardPath();
      if (bwd.has(from)) return backwardPath();
      if (!ahead.length || !behind.length) return null;
      const [deps, dependents] = await Promise.all([
        this.models.tasks.find({ code: { $in: ahead } }, { code: 1, dependsOn: 1 }).limit(MAX_GRAPH).lean(),
        this.models.tasks.find({ dependsOn: { $in: behind } }, { code: 1, dependsOn: 1 }).limit(MAX_GRAPH).lean(),
      ]);
      ahead = [];
      for (const r of deps) {
        for (const d of r.dependsOn ?? []) {
          if (fwd.has(d)) continue;
          fwd.set(d, r.code);
          ahead.push(d);
        }
      }
      const wanted = new Set(behind);
      behind = [];
      for (const r of dependents) {
        if (bwd.has(r.code)) continue;
        bwd.set(r.code, (r.dependsOn ?? []).find((d) => wanted.has(d)) ?? null);
        behind.push(r.code);
      }
    }
    // Past the bound: refuse rather than risk a cycle nobody can see.
    throw new HubError('too_large', `The dependencies around ${to} are too many to check for a cycle (over ${MAX_GRAPH} tasks); split the plan.`);
  }
}
