import type { SprintMoved } from '../../../../protocol/index.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
/** Counts are absent from results stored by older hubs. */
const isMoved = (v: unknown): v is Pick<SprintMoved, 'sprint' | 'percentDone'> & Partial<SprintMoved> =>
  isObject(v) && typeof v.sprint === 'string' && typeof v.percentDone === 'number';

/** What a completed task moved forward, from the `moved` of its command's result data (SprintMoved). */
export function movedForward(data: unknown): { text: string; done: boolean } | null {
  const moved = isObject(data) ? data.moved : null;
  if (!isMoved(moved)) return null;
  if (moved.percentDone >= 100) return { text: `🎉 ${moved.sprint} is 100% done`, done: true };
  const of = typeof moved.completed === 'number' && typeof moved.counted === 'number' ? ` (${moved.completed} of ${moved.counted} tasks)` : '';
  return { text: `${moved.sprint} is now ${moved.percentDone}% done${of}`, done: false };
}
