/** What a completed task moved forward, from the `moved` of its command's result data (server/commands/sprint-progress.ts). */
export function movedForward(data: unknown): { text: string; done: boolean } | null {
  const moved = (data as { moved?: unknown } | null)?.moved as { sprint?: unknown; percentDone?: unknown; completed?: unknown; counted?: unknown } | null | undefined;
  if (!moved || typeof moved.sprint !== 'string' || typeof moved.percentDone !== 'number') return null;
  if (moved.percentDone >= 100) return { text: `🎉 ${moved.sprint} is 100% done`, done: true };
  const of = typeof moved.completed === 'number' && typeof moved.counted === 'number' ? ` (${moved.completed} of ${moved.counted} tasks)` : '';
  return { text: `${moved.sprint} is now ${moved.percentDone}% done${of}`, done: false };
}
