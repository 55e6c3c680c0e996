/** Task and sprint life cycles. Both sides share them so a client can offer only valid moves. */
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'review', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses of work not finished: what lists of someone's tasks show. */
export const OPEN_TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'review'] as const satisfies readonly TaskStatus[];

/** Work done either way: what dependants and parent tasks wait for. */
export const FINISHED_TASK_STATUSES = ['completed', 'cancelled'] as const satisfies readonly TaskStatus[];

const FINISHED = new Set<TaskStatus>(FINISHED_TASK_STATUSES);
export const isFinishedTask = (status: TaskStatus): boolean => FINISHED.has(status);
export const isOpenTask = (status: TaskStatus): boolean => !FINISHED.has(status);

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Allowed moves. Staying in the same status is always allowed and changes nothing. */
export const TASK_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  todo: ['in_progress', 'blocked', 'review', 'completed', 'cancelled'],
  in_progress: ['todo', 'blocked', 'review', 'completed', 'cancelled'],
  blocked: ['todo', 'in_progress', 'cancelled'],
  review: ['in_progress', 'blocked', 'completed', 'cancelled'],
  completed: ['in_progress', 'review'],
  cancelled: ['todo'],
};

export function canMoveTask(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || TASK_TRANSITIONS[from].includes(to);
}

export const SPRINT_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export type SprintStatus = (typeof SPRINT_STATUSES)[number];

/** Sprints under way or to come: what /sprints lists without --status. */
export const OPEN_SPRINT_STATUSES = ['planned', 'active'] as const satisfies readonly SprintStatus[];

export const SPRINT_TRANSITIONS: Record<SprintStatus, readonly SprintStatus[]> = {
  planned: ['active', 'cancelled'],
  active: ['planned', 'completed', 'cancelled'],
  completed: ['active'],
  cancelled: ['planned'],
};

export function canMoveSprint(from: SprintStatus, to: SprintStatus): boolean {
  return from === to || SPRINT_TRANSITIONS[from].includes(to);
}
