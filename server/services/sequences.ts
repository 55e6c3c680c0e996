import type { Models } from '../db/models/index.js';

/** Where the hint of a stream's top is written: once every this many seqs. */
const HINT_EVERY = 16;

/**
 * Per-stream sequence numbers (a room's messages, an activity feed) that rest only on `_id`
 * uniqueness, so several hubs on one database stay gap-free and never hand out a seq twice:
 * an entry is inserted under the `_id` derived from (stream, seq); a hub whose insert finds the
 * seq taken learns the new top and tries above it. No counter is read-modified-written (FerretDB
 * v1's findOneAndUpdate is not atomic across connections).
 *
 * Each hub remembers the top of the streams it wrote or read. The `counters` collection holds a
 * hint of each top, raised now and then, from which a hub that knows nothing probes forward by
 * `_id`: doubling steps, then halving. The hint never goes down, and entries above it are
 * contiguous, which is what the halving relies on.
 */
export class Sequences {
  private readonly tops = new Map<string, number>();
  private readonly hinted = new Map<string, number>();

  constructor(
    private readonly models: Models,
    /** Whether entry `seq` of `stream` is stored: one `_id` lookup. */
    private readonly exists: (stream: string, seq: number) => Promise<boolean>,
    /** Prefix of this kind of stream in `counters` (messages use none, for rooms stored before). */
    private readonly hintPrefix = '',
  ) {}

  /** Whether this hub knows the top of `stream` (`top` answers without the database). */
  knows(stream: string): boolean {
    return this.tops.has(stream);
  }

  /** The highest stored seq of `stream` (0 when empty). `fresh` forgets what this hub knew, after a collision. */
  async top(stream: string, fresh = false): Promise<number> {
    let top = fresh ? undefined : this.tops.get(stream);
    if (top !== undefined) return top;
    top = Math.max((await this.models.counters.findById(this.hintPrefix + stream).lean())?.seq ?? 0, this.tops.get(stream) ?? 0);
    top = Math.max(await this.probe(stream, top), this.tops.get(stream) ?? 0);
    this.tops.set(stream, top);
    return top;
  }

  /**
   * Takes `count` seqs above the top this hub knows, for writers that run concurrently in one
   * hub (each gets its own range at once); returns the first. A range another hub took first is
   * found by the insert, which claims again with `fresh`.
   */
  async claim(stream: string, count: number, fresh = false): Promise<number> {
    await this.top(stream, fresh);
    const first = this.tops.get(stream)! + 1;
    this.tops.set(stream, first + count - 1);
    return first;
  }

  /** The top as it is now, asking the database past what this hub knows (for readers). */
  async latest(stream: string): Promise<number> {
    const known = await this.top(stream);
    const top = await this.probe(stream, known);
    if (top > (this.tops.get(stream) ?? 0)) this.tops.set(stream, top);
    return top;
  }

  /** Records that seqs up to `seq` of `stream` are stored, and raises the hint now and then. */
  stored(stream: string, seq: number): void {
    if (seq > (this.tops.get(stream) ?? 0)) this.tops.set(stream, seq);
    const hinted = this.hinted.get(stream) ?? 0;
    if (seq - hinted < HINT_EVERY && hinted !== 0) return;
    this.hinted.set(stream, seq);
    // A hint that is lost or late costs a few more probes, never a wrong seq: not awaited.
    void this.models.counters
      .updateOne({ _id: this.hintPrefix + stream }, { $max: { seq } }, { upsert: true })
      .exec()
      .catch(() => undefined);
  }

  private async probe(stream: string, from: number): Promise<number> {
    if (!(await this.exists(stream, from + 1))) return from;
    let low = from + 1;
    let step = 1;
    while (await this.exists(stream, low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step; // known missing
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(stream, mid)) low = mid;
      else high = mid;
    }
    return low;
  }
}
