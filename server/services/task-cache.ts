import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';
import type { Clock } from './clock.js';

/** Tasks kept: the work under way, well past what a project keeps open at once. */
const KEPT = 5_000;

/**
 * How long a copy serves before it is read again: the bound on how stale a copy can be when a
 * relay from another hub was lost (Redis gone for a moment), so a right taken away elsewhere is
 * not honoured here for longer than this.
 */
export const TASK_COPY_MAX_AGE_MS = 60_000;

interface Copy {
  doc: TaskDoc;
  /** When it was written or read (the hub's clock). */
  at: number;
}

interface Read {
  promise: Promise<TaskDoc | null>;
  /** A write or another hub's change arrived while the read was in flight: its answer may be older. */
  stale: boolean;
}

/**
 * Tasks as this hub last wrote or read them, so room checks, rights checks and a command's write
 * do not read a task per request. Every write of a task on this hub puts what it wrote here; a
 * write on another hub makes this hub forget it (the hub relays those through Redis). A copy
 * that is stale anyway costs a write only a retry, since every task write is conditional on the
 * `rev` it was computed from, and the write's failure makes the copy be read again. A copy
 * older than TASK_COPY_MAX_AGE_MS is read again whatever happened.
 *
 * Concurrent reads of one task share one query; a read that a write overtook is not kept.
 * Least recently used tasks go first past KEPT.
 */
export class TaskCache {
  private readonly docs = new Map<string, Copy>();
  private readonly reads = new Map<string, Read>();

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly kept = KEPT,
  ) {}

  /** The task called `code` (upper case), from memory when known. */
  read(code: string): Promise<TaskDoc | null> {
    const known = this.young(code);
    if (known) {
      this.keep(known.doc, known.at);
      return Promise.resolve(known.doc);
    }
    const running = this.reads.get(code);
    if (running) return running.promise;
    const read: Read = { stale: false, promise: this.models.tasks.findOne({ code }).lean<TaskDoc>().exec() };
    this.reads.set(code, read);
    const done = () => {
      if (this.reads.get(code) === read) this.reads.delete(code);
    };
    read.promise.then((doc) => {
      done();
      if (doc && !read.stale && !this.docs.has(code)) this.keep(doc);
    }, done);
    return read.promise;
  }

  /** The copy kept of `code`, if any and young enough (an older one is dropped). */
  private young(code: string): Copy | undefined {
    const copy = this.docs.get(code);
    if (!copy || this.clock.now().getTime() - copy.at <= TASK_COPY_MAX_AGE_MS) return copy;
    this.docs.delete(code);
    return undefined;
  }

  /** What a write on this hub stored. */
  put(doc: TaskDoc): void {
    this.overtake(doc.code);
    this.keep(doc);
  }

  /**
   * A quiet write (a lease extended) changed a few fields of the kept copy: the copy follows,
   * keeping its age, so such writes never make a copy serve longer than TASK_COPY_MAX_AGE_MS.
   */
  patch(code: string, change: (doc: TaskDoc) => TaskDoc | null): void {
    const copy = this.docs.get(code);
    const changed = copy ? change(copy.doc) : null;
    if (!copy || !changed) return this.forget(code);
    this.overtake(code);
    this.keep(changed, copy.at);
  }

  /** A task changed where this hub did not see what it became (a write that lost, another hub). */
  forget(code: string): void {
    this.overtake(code);
    this.docs.delete(code);
  }

  private overtake(code: string): void {
    const read = this.reads.get(code);
    if (read) read.stale = true;
  }

  private keep(doc: TaskDoc, at = this.clock.now().getTime()): void {
    this.docs.delete(doc.code);
    // Shared by every request that reads it: a change in place would be a change nobody wrote.
    this.docs.set(doc.code, { doc: Object.freeze(doc), at });
    if (this.docs.size > this.kept) this.docs.delete(this.docs.keys().next().value!);
  }
}
