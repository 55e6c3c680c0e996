import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';

/**
 * The tasks one request has read, by code: the room check, the rights check and the handler's
 * first write attempt share one read of each. A write through TaskService puts its result here;
 * a copy left stale by another write costs only a retry, since every write is conditional on the
 * `rev` it was computed from.
 */
export class TaskMemo {
  private readonly read = new Map<string, Promise<TaskDoc | null>>();

  constructor(private readonly models: Models) {}

  find(code: string): Promise<TaskDoc | null> {
    const key = code.toUpperCase();
    let found = this.read.get(key);
    if (!found) {
      found = this.models.tasks.findOne({ code: key }).lean<TaskDoc>().exec();
      this.read.set(key, found);
      // A failed read is not kept: the next step asks again.
      const asked = found;
      asked.catch(() => {
        if (this.read.get(key) === asked) this.read.delete(key);
      });
    }
    return found;
  }

  /** What the request wrote: later steps see it without reading it back. */
  remember(doc: TaskDoc): void {
    this.read.set(doc.code, Promise.resolve(doc));
  }
}
