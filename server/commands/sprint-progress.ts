import type { SprintMoved, Task } from '../../protocol/index.js';
import type { CommandContext } from './definition.js';

/** The sprint's progress after `task` completed; null when the task is not completed. */
export async function sprintMoved(ctx: CommandContext, task: Pick<Task, 'sprint' | 'status'>): Promise<SprintMoved | null> {
  if (task.status !== 'completed') return null;
  const p = await ctx.services.sprints.progress(task.sprint);
  return { sprint: task.sprint, percentDone: p.percentDone, completed: p.byStatus.completed, counted: p.total - p.byStatus.cancelled };
}
