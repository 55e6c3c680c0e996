import type { Models } from '../../db/models/index.js';
import { GroupCommit } from '../group-commit.js';
import { isDuplicateKey } from '../mongo-errors.js';

/** An update of one roll-up document, as the roll-ups make it: each operator with single values. */
export interface RollUpUpdate {
  $set: Record<string, unknown>;
  $inc?: Record<string, number>;
  $push?: Record<string, string>;
  $addToSet?: Record<string, string>;
}

/** One document's changes gathered for a flush. */
interface Gathered {
  set: Record<string, unknown>;
  inc: Map<string, number>;
  push: Map<string, string[]>;
  addToSet: Map<string, Set<string>>;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the daily roll-ups. Every event of a day changes the same few documents (the
 * hub's, above all), and concurrent upserts of one row wait on each other's commits: at 20
 * clients that write took longer than storing the message itself. Changes made while the
 * previous flush is in flight are summed per document (counters added, records and names
 * gathered with `$each`) into one upsert each. A caller's promise settles once the flush that
 * holds its change is written, as when it wrote alone.
 */
export class RollUpWrites {
  private gathered = new Map<string, Gathered>();
  private waiters: Waiter[] = [];
  private readonly commit = new GroupCommit(
    () => this.flush(),
    () => this.gathered.size > 0 || this.waiters.length > 0,
  );

  constructor(private readonly models: Models) {}

  add(id: string, update: RollUpUpdate): Promise<void> {
    const g = this.gathered.get(id) ?? { set: {}, inc: new Map(), push: new Map(), addToSet: new Map() };
    this.gathered.set(id, g);
    Object.assign(g.set, update.$set);
    for (const [k, v] of Object.entries(update.$inc ?? {})) g.inc.set(k, (g.inc.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(update.$push ?? {})) g.push.set(k, [...(g.push.get(k) ?? []), v]);
    for (const [k, v] of Object.entries(update.$addToSet ?? {})) g.addToSet.set(k, (g.addToSet.get(k) ?? new Set()).add(v));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.commit.request();
    });
  }

  /** Resolves once every change added so far is written (a report reads after it); never rejects. */
  settled(): Promise<void> {
    if (!this.gathered.size) return this.commit.idle();
    return new Promise<void>((resolve) => {
      this.waiters.push({ resolve, reject: () => resolve() });
      this.commit.request();
    });
  }

  /** Writes what was gathered, one upsert per document, and settles its callers. */
  private async flush(): Promise<void> {
    const batch = this.gathered;
    const waiters = this.waiters;
    this.gathered = new Map();
    this.waiters = [];
    try {
      await Promise.all([...batch].map(([id, g]) => this.write(id, g)));
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }

  private async write(id: string, g: Gathered): Promise<void> {
    const update: Record<string, unknown> = { $set: g.set };
    if (g.inc.size) update.$inc = Object.fromEntries(g.inc);
    if (g.push.size) update.$push = Object.fromEntries([...g.push].map(([k, v]) => [k, { $each: v }]));
    if (g.addToSet.size) update.$addToSet = Object.fromEntries([...g.addToSet].map(([k, v]) => [k, { $each: [...v] }]));
    const filter = { _id: id };
    try {
      await this.models.dailyStats.updateOne(filter, update, { upsert: true });
    } catch (err) {
      // Two first events of a day raced to insert (on two hubs): the loser's update now finds the document.
      if (!isDuplicateKey(err)) throw err;
      await this.models.dailyStats.updateOne(filter, update);
    }
  }
}
