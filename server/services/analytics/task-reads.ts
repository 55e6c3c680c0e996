import { TASK_STATUSES, type TaskStatus } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { TaskDoc } from '../../db/models/task.js';
import { WAITING_STATUSES } from './bottlenecks.js';

/** Bounds on the tasks one report reads: one sprint's in each status, or those waiting in each status. */
const SPRINT_TASKS = 5000;
const WAITING_TASKS = 1000;
/** What the figures read of a task: never its context, which may be long. */
const TASK_FIELDS = { code: 1, title: 1, sprint: 1, status: 1, assignee: 1, claimedBy: 1, reviewers: 1, statusSince: 1, startedAt: 1, completedAt: 1, createdAt: 1, updatedAt: 1 };

const isWaiting = (s: TaskStatus) => (WAITING_STATUSES as readonly TaskStatus[]).includes(s);

export interface ReportTasks {
  /** The selected sprint's tasks (burn-up, forecast, sprint cycle times). */
  sprint: TaskDoc[];
  /** Tasks waiting in each status, all sprints (bottlenecks); null when the report is of one sprint. */
  waiting: TaskDoc[] | null;
}

/**
 * The tasks a report reads, each once: every query is an equality on `status` (and `sprint`),
 * which FerretDB's PostgreSQL backend hands to PostgreSQL's index. The database converts each
 * document it returns whole, whatever the projection, so the selected sprint's waiting tasks are
 * taken from the waiting lists rather than read again (unless a list was cut at its bound).
 */
export async function readReportTasks(models: Models, sprint: string | null, oneSprint: boolean): Promise<ReportTasks> {
  const find = (filter: Record<string, string>, limit: number) => models.tasks.find(filter, TASK_FIELDS).limit(limit).lean<TaskDoc[]>().exec();
  if (oneSprint || !sprint) return { sprint: sprint ? await find({ sprint }, SPRINT_TASKS) : [], waiting: oneSprint ? null : await waitingTasks() };

  const [waitingByStatus, others] = await Promise.all([
    Promise.all(WAITING_STATUSES.map((status) => find({ status }, WAITING_TASKS))),
    Promise.all(TASK_STATUSES.filter((s) => !isWaiting(s)).map((status) => find({ sprint, status }, SPRINT_TASKS))),
  ]);
  const sprintWaiting = await Promise.all(
    waitingByStatus.map((list, i) => (list.length < WAITING_TASKS ? list.filter((t) => t.sprint === sprint) : find({ sprint, status: WAITING_STATUSES[i]! }, SPRINT_TASKS))),
  );
  return { sprint: [...others, ...sprintWaiting].flat(), waiting: waitingByStatus.flat() };

  async function waitingTasks(): Promise<TaskDoc[]> {
    return (await Promise.all(WAITING_STATUSES.map((status) => find({ status }, WAITING_TASKS)))).flat();
  }
}
