import type { DirectoryView, PrincipalWithRole, Role, TaskSummary } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { boardTask } from './access.js';
import type { SprintService } from './sprints.js';
import { taskSummary, taskToWire } from './wire.js';

/** Most tasks the directory lists. */
const DIRECTORY_TASKS = 1000;

/** Who and what there is: the room lists and autocomplete of the web client, and the recipients of a broadcast. */
export class DirectoryService {
  constructor(
    private readonly models: Models,
    private readonly sprints: SprintService,
  ) {}

  /** The rooms of open sprints and of their tasks, and the team: bounded by the work under way, not by history. */
  async view(me: PrincipalWithRole): Promise<DirectoryView> {
    const sprints = await this.sprints.list({});
    const [sprintTasks, principals] = await Promise.all([
      sprints.length ? this.models.tasks.find({ sprint: { $in: sprints.map((s) => s.code) } }).lean() : [],
      this.models.principals.find({ kind: { $in: ['person', 'agent'] } }, { name: 1, kind: 1, online: 1 }).lean(),
    ]);
    // A thousand rows are not checked one by one: an agent sees the summary of the tasks it holds, the board of the rest.
    const mine = (t: TaskSummary) => me.role !== 'agent' || t.assignee === me.name || t.claimedBy === me.name;
    const closed = (t: { status: string }) => (t.status === 'completed' || t.status === 'cancelled' ? 1 : 0);
    const tasks: TaskSummary[] = sprintTasks
      .sort((a, b) => closed(a) - closed(b) || b.updatedAt.getTime() - a.updatedAt.getTime())
      .slice(0, DIRECTORY_TASKS)
      .map((t) => taskSummary(taskToWire(t)))
      .map((t) => (mine(t) ? t : boardTask(t)));
    principals.sort((a, b) => a.name.localeCompare(b.name));
    return { sprints, tasks, principals: principals.map((p) => ({ name: p.name, kind: p.kind, online: p.online })) };
  }

  /** The names of everyone with `role`, or of every person and agent, in order. */
  async names(role?: Role): Promise<string[]> {
    const found = await this.models.principals.find(role ? { role } : { kind: { $in: ['person', 'agent'] } }, { name: 1 }).sort({ name: 1 }).lean();
    return found.map((p) => p.name);
  }
}
