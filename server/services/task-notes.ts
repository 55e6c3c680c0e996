import type { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';
import type { TaskNoteDoc } from '../db/models/task-note.js';
import { HubError } from '../errors.js';
import { log } from '../logger.js';
import type { Clock } from './clock.js';
import { GroupCommit } from './group-commit.js';
import { InsertBatcher } from './insert-batcher.js';
import { isDuplicateKey } from './mongo-errors.js';

/** How long notes gather before they are folded into their task: one task write for many notes. */
export const FOLD_AFTER_MS = 1_000;
/** A note row older than this was left by a hub that stopped before folding it: any hub folds it. */
export const ORPHAN_AGE_MS = 30_000;
/** Folded note ids a task keeps: far more than are folded while a row waits to be deleted. */
const KEPT_FOLDED = 512;
/** Left-behind rows taken in one pass (the next pass takes more). */
const ORPHANS_PER_PASS = 200;
/** Passes at start before the rest is left to due work: start-up stays bounded. */
const MAX_START_PASSES = 10;

/** A context with `addition` as its next paragraph (no limit checked: see TaskService's appendContext). */
export const joinContext = (existing: string, addition: string): string => (existing ? `${existing}\n\n${addition}` : addition);

interface Pending {
  id: string;
  entry: string;
  at: Date;
}

/**
 * Notes taken on tasks, each stored as a row of its own (one insert in the group commit of
 * everything else) and folded into the task's `context` by one task write per task and second.
 * FerretDB rewrites a task document whole on every update, and that write was half of what a
 * note cost.
 *
 * A note is visible at once on the hub that took it: every task this hub reads goes through
 * `overlay`, which appends the notes this hub holds and has not folded yet. Other hubs see it
 * once folded (within FOLD_AFTER_MS and the relay of the write). Any write of the task on this
 * hub folds the notes it shows (see `foldInto`), so a status change or a context edit never
 * loses or reorders them. The task keeps the ids it folded (`notesFolded`): a row folded twice
 * (by a hub that stopped before deleting it, then by the sweep) is seen and skipped.
 */
export class TaskNotes {
  private readonly pending = new Map<string, Pending[]>();
  /** Which pending notes an overlaid copy shows: what a write of that copy folds. */
  private readonly shown = new WeakMap<TaskDoc, string[]>();
  private readonly inserts: InsertBatcher<TaskNoteDoc>;
  private timer: NodeJS.Timeout | null = null;
  private folding: Promise<void> | null = null;
  /** Rows folded and not deleted yet: the folds of one pass go in one delete (group commit). */
  private folded: string[] = [];
  private readonly deletes = new GroupCommit(
    () => this.deleteFolded(),
    () => this.folded.length > 0,
  );
  private closed = false;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    /** Writes the task's pending notes into it (TaskService.foldNotes). */
    private readonly fold: (code: string) => Promise<void>,
  ) {
    this.inserts = new InsertBatcher<TaskNoteDoc>(models.taskNotes.collection);
  }

  /**
   * Stores the note (durable when this resolves) and shows it in every read of the task here. A
   * resent note's row is there already: it is shown again, and folding skips it if it was folded.
   */
  async add(task: string, id: Types.ObjectId, entry: string): Promise<void> {
    const at = this.clock.now();
    const [err] = await this.inserts.insert([{ _id: id, task, entry, at, unfolded: true }]);
    if (err && !isDuplicateKey(err)) throw err;
    this.hold(task, [{ id: id.toHexString(), entry, at }]);
  }

  /** The task with the notes this hub holds for it appended to its context (`doc` itself when none). */
  overlay(doc: TaskDoc): TaskDoc {
    const held = this.pending.get(doc.code);
    if (!held) return doc;
    const folded = new Set(doc.notesFolded ?? []);
    const done = held.filter((n) => folded.has(n.id));
    // Folded by another write (a hub that adopted them, or this one in a race): nothing left to show.
    if (done.length) this.settle(doc.code, done.map((n) => n.id));
    const fresh = held.filter((n) => !folded.has(n.id));
    if (!fresh.length) return doc;
    const newest = Math.max(doc.updatedAt?.getTime() ?? 0, ...fresh.map((n) => n.at.getTime()));
    const shown = {
      ...doc,
      context: fresh.reduce((context, n) => joinContext(context, n.entry), doc.context),
      // Changed when noted, as when a note was a write of the task: folding later does not move it.
      updatedAt: new Date(newest),
    };
    this.shown.set(shown, fresh.map((n) => n.id));
    return shown;
  }

  /** Whether a write of `t` would fold notes into it. */
  shows(t: TaskDoc): boolean {
    return this.shown.has(t);
  }

  /**
   * What a write of the copy `t` sets, with the notes it shows folded in: its context as shown
   * (unless the write sets another, a replacement, which drops them) and their ids. A write of
   * the notes alone keeps the time they were taken (`quiet`: no timestamp of its own).
   */
  foldInto(t: TaskDoc, set: Record<string, unknown>): { $set: Record<string, unknown>; quiet: boolean } {
    const ids = this.shown.get(t);
    if (!ids) return { $set: set, quiet: false };
    const quiet = Object.keys(set).length === 0;
    const folded = { context: t.context, ...set, notesFolded: [...(t.notesFolded ?? []), ...ids].slice(-KEPT_FOLDED) };
    return { $set: quiet ? { ...folded, updatedAt: t.updatedAt } : folded, quiet };
  }

  /** The write of the copy `t` is stored: the notes it showed are in the task now. */
  wrote(t: TaskDoc): void {
    const ids = this.shown.get(t);
    if (ids) this.settle(t.code, ids);
  }

  /** Folds every note held now, and resolves when done: before the hub stops, and for tests. */
  async flush(): Promise<void> {
    while (this.folding) await this.folding;
    if (this.pending.size) await this.foldAll();
    // A delete requested may not have started yet: what is gathered is deleted here, then what runs is awaited.
    if (this.folded.length) await this.deleteFolded();
    await this.deletes.idle();
  }

  /**
   * At start: every row there is, whoever wrote it. This hub holds none yet, so each is a hub's
   * that stopped (folded now) or of a live hub (folded here first, then skipped there).
   */
  async adoptAll(): Promise<void> {
    for (let pass = 0; pass < MAX_START_PASSES; pass++) if ((await this.adoptOrphans(-1)) < ORPHANS_PER_PASS) return;
  }

  /** Folds what is held and stops folding by timer. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Rows left by a hub that stopped before folding them (older than ORPHAN_AGE_MS, not held
   * here): taken as this hub's own and folded now. Run by every hub's due work.
   */
  async adoptOrphans(olderThanMs = ORPHAN_AGE_MS): Promise<number> {
    const before = new Date(this.clock.now().getTime() - olderThanMs);
    const rows = await this.models.taskNotes.find({ unfolded: true, at: { $lt: before } }).sort({ at: 1, _id: 1 }).limit(ORPHANS_PER_PASS).lean();
    const heldHere = new Set([...this.pending.values()].flat().map((n) => n.id));
    const left = rows.filter((r) => !heldHere.has(r._id.toHexString()));
    for (const r of left) this.hold(r.task, [{ id: r._id.toHexString(), entry: r.entry, at: r.at }], false);
    const tasks = [...new Set(left.map((r) => r.task))];
    await Promise.all(tasks.map((code) => this.foldOne(code)));
    return left.length;
  }

  private hold(task: string, notes: Pending[], schedule = true): void {
    const held = this.pending.get(task) ?? [];
    for (const n of notes) if (!held.some((h) => h.id === n.id)) held.push(n);
    this.pending.set(task, held);
    if (schedule) this.schedule();
  }

  /** Forgets the notes `ids` of `task` (they are in it) and deletes their rows. */
  private settle(task: string, ids: string[]): void {
    const gone = new Set(ids);
    const held = (this.pending.get(task) ?? []).filter((n) => !gone.has(n.id));
    if (held.length) this.pending.set(task, held);
    else this.pending.delete(task);
    this.folded.push(...ids);
    this.deletes.request();
  }

  /** Deletes the rows folded so far; a row left behind is found by the sweep, and skipped then as folded. */
  private async deleteFolded(): Promise<void> {
    const ids = this.folded;
    this.folded = [];
    await this.models.taskNotes
      .deleteMany({ _id: { $in: ids } })
      .exec()
      .catch((err: Error) => log.error({ event: 'task_notes_delete_failed', rows: ids.length }, err.message));
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.foldAll();
    }, FOLD_AFTER_MS);
    // A forgotten hub must not keep a process alive; close() folds what is left.
    this.timer.unref();
  }

  private foldAll(): Promise<void> {
    const run = Promise.all([...this.pending.keys()].map((code) => this.foldOne(code))).then(() => undefined);
    const tracked = run.finally(() => {
      if (this.folding === tracked) this.folding = null;
      if (this.pending.size) this.schedule();
    });
    this.folding = tracked;
    return tracked;
  }

  /** One task's notes into it; a failure leaves them held, and the next fold tries again. */
  private async foldOne(code: string): Promise<void> {
    try {
      await this.fold(code);
    } catch (err) {
      // A task gone (never made) has nowhere to fold its notes.
      if (err instanceof HubError && err.code === 'not_found') this.settle(code, (this.pending.get(code) ?? []).map((n) => n.id));
      else log.error({ event: 'task_notes_fold_failed', task: code }, (err as Error).message);
    }
  }
}
