import {
  OPEN_SPRINT_STATUSES,
  LOBBY,
  TASK_STATUSES,
  canMoveSprint,
  sprintRoom,
  type Sprint,
  type SprintProgress,
  type SprintStatus,
  type Task,
  type TaskStatus,
  type SprintChangeKind,
} from '../../protocol/index.js';
import type { SprintDoc } from '../db/models/sprint.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import { isDuplicateKey } from './mongo-errors.js';
import { sprintToWire, taskToWire } from './wire.js';

export function progressOf(statuses: TaskStatus[]): SprintProgress {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const s of statuses) byStatus[s] += 1;
  const counted = statuses.length - byStatus.cancelled;
  return {
    total: statuses.length,
    byStatus,
    percentDone: counted === 0 ? 0 : Math.round((byStatus.completed / counted) * 100),
  };
}

/** Sprints listed at most, so that progress is counted over a bounded number of tasks. */
const LISTED_SPRINTS = 50;

export class SprintService {
  constructor(
    private readonly models: Models,
    private readonly activity: ActivityService,
  ) {}

  async get(code: string): Promise<SprintDoc> {
    const sprint = await this.models.sprints.findOne({ code: code.toUpperCase() }).lean();
    if (!sprint) throw new HubError('not_found', `There is no sprint ${code.toUpperCase()}; /sprints lists them.`);
    return sprint;
  }

  async exists(code: string): Promise<boolean> {
    return Boolean(await this.models.sprints.exists({ code: code.toUpperCase() }));
  }

  async create(by: Acting, input: { code: string; title: string; ends?: Date }): Promise<Sprint> {
    let doc: SprintDoc;
    try {
      doc = (await this.models.sprints.create({ code: input.code, title: input.title, createdBy: by.principal.name, endsAt: input.ends ?? null, createdAt: this.activity.clock.now() })).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) throw new HubError('already_exists', `Sprint ${input.code} already exists.`);
      throw err;
    }
    const sprint = sprintToWire(doc, progressOf([]));
    await this.activity.record(by, 'sprint.created', `created sprint ${doc.code} "${doc.title}"`, { sprint: doc.code });
    by.emit([sprintRoom(doc.code), LOBBY], 'sprint:updated', { sprint, change: 'created', by: by.principal });
    return sprint;
  }

  /**
   * Sprints of one status, or the open ones (planned and active): finished sprints pile up with
   * history, so they are listed only when asked for, newest first and at most LISTED_SPRINTS.
   */
  async list(filter: { status?: SprintStatus }): Promise<Sprint[]> {
    const docs = (await this.models.sprints.find({ status: filter.status ? filter.status : { $in: OPEN_SPRINT_STATUSES } }).lean())
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, LISTED_SPRINTS);
    const progress = await this.progressFor(docs.map((d) => d.code));
    return docs.map((d) => sprintToWire(d, progress.get(d.code)));
  }

  async detail(code: string): Promise<{ sprint: Sprint; tasks: Record<TaskStatus, Task[]> }> {
    const doc = await this.get(code);
    const tasks = (await this.models.tasks.find({ sprint: doc.code }).sort({ createdAt: 1 }).lean()).map(taskToWire);
    const grouped = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as Task[]])) as Record<TaskStatus, Task[]>;
    for (const t of tasks) grouped[t.status].push(t);
    return { sprint: sprintToWire(doc, progressOf(tasks.map((t) => t.status))), tasks: grouped };
  }

  async setStatus(by: Acting, code: string, status: SprintStatus): Promise<Sprint> {
    const doc = await this.get(code);
    if (!canMoveSprint(doc.status, status)) {
      throw new HubError('invalid_transition', `Sprint ${doc.code} is ${doc.status} and cannot become ${status}.`);
    }
    if (doc.status === status) return this.withProgress(doc);
    const updated = await this.models.sprints.findOneAndUpdate({ _id: doc._id, status: doc.status }, { $set: { status } }, { new: true, lean: true });
    if (!updated) throw new HubError('conflict', `Sprint ${doc.code} changed while this ran; try again.`);
    await this.activity.record(by, 'sprint.status', `moved sprint ${doc.code} from ${doc.status} to ${status}`, { sprint: doc.code });
    return this.announce(by, doc.code, 'status');
  }

  /** Recomputes a sprint's progress and tells its room and the lobby. */
  async announce(by: Acting, code: string, change: SprintChangeKind): Promise<Sprint> {
    const sprint = await this.withProgress(await this.get(code));
    by.emit([sprintRoom(sprint.code), LOBBY], 'sprint:updated', { sprint, change, by: by.principal });
    return sprint;
  }

  /** One sprint's progress now (its tasks' statuses, read by the indexed sprint field). */
  async progress(code: string): Promise<SprintProgress> {
    return (await this.progressFor([code])).get(code)!;
  }

  private async withProgress(doc: SprintDoc): Promise<Sprint> {
    return sprintToWire(doc, (await this.progressFor([doc.code])).get(doc.code));
  }

  private async progressFor(codes: string[]): Promise<Map<string, SprintProgress>> {
    const rows = await this.models.tasks.find({ sprint: { $in: codes } }, { sprint: 1, status: 1 }).lean();
    const statuses = new Map<string, TaskStatus[]>(codes.map((c) => [c, []]));
    for (const r of rows) statuses.get(r.sprint)?.push(r.status);
    return new Map([...statuses].map(([c, s]) => [c, progressOf(s)]));
  }
}
