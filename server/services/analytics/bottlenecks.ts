import { taskRoom, type BottleneckTask, type Bottlenecks, type TaskStatus } from '../../../protocol/index.js';
import type { StatusStay } from '../../db/models/daily-stat.js';
import type { TaskDoc } from '../../db/models/task.js';
import { percentile } from './percentiles.js';
import { enteredStatusAt } from './task-timing.js';

/** The statuses where work waits; todo is the backlog and would flood the list. */
export const WAITING_STATUSES = ['in_progress', 'blocked', 'review'] as const satisfies readonly TaskStatus[];
export const DEFAULT_WIP_LIMIT = 3;
const LIST = 10;

/** Where the web client opens a task: its room. */
export const taskLink = (code: string) => `/r/${taskRoom(code)}`;

type Open = Pick<TaskDoc, 'code' | 'title' | 'sprint' | 'status' | 'assignee' | 'claimedBy' | 'reviewers' | 'statusSince' | 'updatedAt' | 'createdAt'>;

/**
 * Tasks over their status's p85 (from the stays that ended in the window), the longest blocked,
 * review queues and work in progress over the limit. Each task is named with a link. A task in
 * review waits for its reviewers, else its sprint's (`sprintReviewers`, of the sprints read),
 * else (any person may review it) it is listed under its assignee.
 */
export function findBottlenecks(input: {
  tasks: readonly Open[];
  stays: readonly StatusStay[];
  now: Date;
  wipLimit: number;
  sprintReviewers?: ReadonlyMap<string, readonly string[]>;
}): Bottlenecks {
  const stays = input.stays;
  const thresholds = WAITING_STATUSES.map((status) => {
    const ms = stays.filter((s) => s.status === status).map((s) => s.ms);
    return { status, p85Ms: percentile(ms, 85), stays: ms.length };
  });
  const limitOf = new Map(thresholds.map((t) => [t.status as TaskStatus, t.p85Ms]));
  const view = (t: Open, thresholdMs: number | null): BottleneckTask => ({
    code: t.code,
    title: t.title,
    status: t.status,
    assignee: t.assignee ?? t.claimedBy ?? null,
    inStatusMs: Math.max(0, input.now.getTime() - new Date(enteredStatusAt(t)).getTime()),
    thresholdMs,
    link: taskLink(t.code),
  });
  const waiting = input.tasks.filter((t) => (WAITING_STATUSES as readonly TaskStatus[]).includes(t.status));
  const byTime = (a: BottleneckTask, b: BottleneckTask) => b.inStatusMs - a.inStatusMs || a.code.localeCompare(b.code);

  const overThreshold = waiting
    .map((t) => view(t, limitOf.get(t.status) ?? null))
    .filter((t) => t.thresholdMs !== null && t.inStatusMs > t.thresholdMs)
    .sort((a, b) => b.inStatusMs / b.thresholdMs! - a.inStatusMs / a.thresholdMs! || a.code.localeCompare(b.code))
    .slice(0, LIST);
  const longestBlocked = waiting.filter((t) => t.status === 'blocked').map((t) => view(t, null)).sort(byTime).slice(0, LIST);

  const owner = (t: Open) => [t.assignee ?? t.claimedBy ?? '(unassigned)'];
  const reviewersOf = (t: Open) => (t.reviewers?.length ? t.reviewers : input.sprintReviewers?.get(t.sprint)?.length ? input.sprintReviewers.get(t.sprint)! : owner(t));
  const group = (status: TaskStatus, whose: (t: Open) => readonly string[]) => {
    const by = new Map<string, string[]>();
    for (const t of waiting.filter((w) => w.status === status)) {
      for (const who of whose(t)) by.set(who, [...(by.get(who) ?? []), t.code]);
    }
    return [...by].map(([name, tasks]) => ({ name, tasks: tasks.sort() })).sort((a, b) => b.tasks.length - a.tasks.length || a.name.localeCompare(b.name));
  };
  const reviewQueues = group('review', reviewersOf).map((g) => ({ name: g.name, waiting: g.tasks.length, tasks: g.tasks })).slice(0, LIST);
  const wipOverLimit = group('in_progress', owner)
    .filter((g) => g.name !== '(unassigned)' && g.tasks.length > input.wipLimit)
    .map((g) => ({ name: g.name, wip: g.tasks.length, tasks: g.tasks }));
  return { thresholds, overThreshold, longestBlocked, reviewQueues, wipLimit: input.wipLimit, wipOverLimit };
}
