import type { TaskDoc } from '../db/models/task.js';
import type { TaskCache } from './task-cache.js';

/**
 * The tasks one request has read, by code: the room check, the rights check and the handler's
 * first write attempt share one copy of each, as the hub's cache gave it (see TaskCache). A write
 * through TaskService puts its result here; a copy left stale by another write costs only a
 * retry, since every write is conditional on the `rev` it was computed from.
 */
export class TaskMemo {
  private readonly read = new Map<string, Promise<TaskDoc | null>>();

  constructor(private readonly cache: TaskCache) {}

  find(code: string): Promise<TaskDoc | null> {
    const key = code.toUpperCase();
    const known = this.read.get(key);
    if (known) return known;
    const asked = this.cache.read(key);
    this.read.set(key, asked);
    // Only a task found is kept: one missing may be created later in the request, and a failed read is asked again.
    const drop = () => {
      if (this.read.get(key) === asked) this.read.delete(key);
    };
    asked.then((doc) => {
      if (!doc) drop();
    }, drop);
    return asked;
  }

  /**
   * The task as the database has it now: a refusal decided on a kept copy is confirmed on a
   * fresh one, since another hub may have changed the task a moment ago.
   */
  refresh(code: string): Promise<TaskDoc | null> {
    const key = code.toUpperCase();
    this.cache.forget(key);
    this.read.delete(key);
    return this.find(key);
  }

  /** What the request wrote: later steps see it without reading it back. */
  remember(doc: TaskDoc): void {
    this.read.set(doc.code, Promise.resolve(doc));
  }
}
