/**
 * Runs the writes of one task one at a time on this hub. FerretDB v1 does not honour a
 * conditional update filter under concurrency (it filters in Go, then writes by `_id` alone), so
 * every write of a task (notes, status, claims, lease renewals and lapses) queues here by task
 * code; the conditional filters still guard writes from other hubs on MongoDB.
 */
export class TaskWriteQueue {
  /** The last write queued per task code. */
  private readonly writing = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier write of the same task has settled. Never call it from inside `work` for the same code. */
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
