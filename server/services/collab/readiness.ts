import { isFinishedTask, type TaskStatus } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';

/**
 * For each task, the dependencies it still waits for (code and status), read in one query over
 * the union of their dependencies. A task not in the map waits for nothing.
 */
export async function waitingOn(models: Models, tasks: { code: string; dependsOn?: string[] }[]): Promise<Map<string, { code: string; status: TaskStatus }[]>> {
  const wanted = [...new Set(tasks.flatMap((t) => t.dependsOn ?? []))];
  const result = new Map<string, { code: string; status: TaskStatus }[]>();
  if (!wanted.length) return result;
  const deps = await models.tasks.find({ code: { $in: wanted } }, { code: 1, status: 1 }).lean();
  const status = new Map(deps.map((d) => [d.code, d.status]));
  for (const t of tasks) {
    const open = (t.dependsOn ?? []).filter((c) => status.has(c) && !isFinishedTask(status.get(c)!)).map((c) => ({ code: c, status: status.get(c)! }));
    if (open.length) result.set(t.code, open);
  }
  return result;
}

/** "T-1 (in_progress), T-3 (todo)" */
export const describeWaiting = (open: { code: string; status: TaskStatus }[]) => open.map((d) => `${d.code} (${d.status})`).join(', ');
