import type { TaskStatus } from '../../../protocol/index.js';
import type { TaskDoc } from '../../db/models/task.js';

/** When the task entered its current status; tasks older than the field count from their last write. */
export const enteredStatusAt = (t: Pick<TaskDoc, 'statusSince' | 'updatedAt' | 'createdAt'>): Date => t.statusSince ?? t.updatedAt ?? t.createdAt;

/**
 * The timing fields a status change writes together with the status (same update, so they never
 * disagree): the moment it entered the new status, and the time spent in the one it left.
 */
export function timingOnMove(t: TaskDoc, to: TaskStatus, now: Date): Pick<TaskDoc, 'statusSince' | 'timeIn'> | Record<string, never> {
  if (t.status === to) return {};
  const stayed = Math.max(0, now.getTime() - new Date(enteredStatusAt(t)).getTime());
  const timeIn = { ...(t.timeIn ?? {}) };
  timeIn[t.status] = (timeIn[t.status] ?? 0) + stayed;
  return { statusSince: now, timeIn };
}
