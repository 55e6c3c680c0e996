/**
 * Runs the writes of one document (a task, a run) one at a time on this hub, by its key. FerretDB
 * v1 does not honour a conditional update filter under concurrency (it filters in Go, then
 * writes the whole document back by `_id`), so two updates of one document at once can undo
 * each other. Every write of a task (notes, status, claims, lease renewals and lapses) and of a
 * run queues here; the conditional filters still guard writes from other hubs on MongoDB.
 */
export class WriteQueue {
  /** The last write queued per key (a task code, a run id). */
  private readonly writing = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier write under the same key has settled. Never call it from inside `work` for the same key. */
  run<T>(code: string, work: () => Promise<T>): Promise<T> {
    const key = code.toUpperCase();
    const run = (this.writing.get(key) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(key, settled);
    void settled.then(() => {
      if (this.writing.get(key) === settled) this.writing.delete(key);
    });
    return run;
  }
}
