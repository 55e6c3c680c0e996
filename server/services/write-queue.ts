/**
 * Runs work one at a time per key on this hub: the writes of one document (a task, a run), the
 * INIT runs of one agent, the presence transitions of one principal. Keys are case-folded. FerretDB
 * v1 does not honour a conditional update filter under concurrency (it filters in Go, then
 * writes the whole document back by `_id`), so two updates of one document at once can undo
 * each other. Every write of a task (notes, status, claims, lease renewals and lapses) and of a
 * run queues here; the conditional filters still guard writes from other hubs on MongoDB.
 */
export class WriteQueue {
  /** The last work queued per key (a task code, a run id, a principal's name). */
  private readonly writing = new Map<string, Promise<void>>();

  /** Runs `work` after all earlier work under the same key has settled. Never call it from inside `work` for the same key. */
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

  /** Resolves when no work is queued under any key. */
  async idle(): Promise<void> {
    while (this.writing.size) await Promise.all(this.writing.values());
  }
}
