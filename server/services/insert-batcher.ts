import { GroupCommit } from './group-commit.js';

/** Most documents in one insert: a flush stays one modest request however many wait. */
const MAX_BATCH = 500;

interface Pending<D> {
  docs: D[];
  resolve: (refused: (Error | null)[]) => void;
  reject: (err: unknown) => void;
}

/** What the batcher needs of a collection (the driver's, as mongoose exposes it). */
export interface InsertTarget<D> {
  insertMany(docs: D[], options: { ordered: false }): Promise<unknown>;
}

interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
}

/**
 * Group commit for inserts into one collection. The inserts of concurrent commands that arrive
 * while the previous insert is in flight go to the database as one unordered `insertMany`, so
 * twenty concurrent commands cost one round trip and one statement batch instead of twenty. A caller's promise settles once the insert that holds its documents is
 * written, as when it wrote alone.
 *
 * Each caller learns what happened to each of its own documents: `null` when stored, or the
 * error the database gave that document (a duplicate key, say); one document refused never
 * refuses another caller's. An error of the whole request (the database gone) rejects every
 * caller in it.
 */
export class InsertBatcher<D> {
  private queue: Pending<D>[] = [];
  private readonly commit = new GroupCommit(
    () => this.write(this.take()),
    () => this.queue.length > 0,
  );

  constructor(private readonly target: InsertTarget<D>) {}

  /** Inserts `docs`; resolves with one entry per document: null when stored, else why not. */
  insert(docs: D[]): Promise<(Error | null)[]> {
    if (!docs.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ docs, resolve, reject });
      this.commit.request();
    });
  }

  /** Inserts one document; rejects with its own error (a duplicate key, say) as `insertOne` would. */
  async insertOne(doc: D): Promise<void> {
    const [refused] = await this.insert([doc]);
    if (refused) throw refused;
  }

  /** Whole callers, up to MAX_BATCH documents (one caller with more goes alone). */
  private take(): Pending<D>[] {
    const batch: Pending<D>[] = [];
    let size = 0;
    while (this.queue.length && (batch.length === 0 || size + this.queue[0]!.docs.length <= MAX_BATCH)) {
      const next = this.queue.shift()!;
      batch.push(next);
      size += next.docs.length;
    }
    return batch;
  }

  /** One insert for `batch`; settles each caller with its documents' outcome (never throws). */
  private async write(batch: Pending<D>[]): Promise<void> {
    const docs = batch.flatMap((p) => p.docs);
    const refused = new Map<number, Error>();
    try {
      await this.target.insertMany(docs, { ordered: false });
    } catch (err) {
      const errors = writeErrorsOf(err);
      if (!errors) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const e of errors) refused.set(e.index, Object.assign(new Error(e.errmsg ?? 'refused by the database'), { code: e.code }));
    }
    let at = 0;
    for (const p of batch) {
      p.resolve(p.docs.map((_, i) => refused.get(at + i) ?? null));
      at += p.docs.length;
    }
  }
}

/** The per-document errors of an unordered insert, or null when the request failed as a whole. */
function writeErrorsOf(err: unknown): WriteError[] | null {
  const errors = (err as { writeErrors?: WriteError | WriteError[] } | null)?.writeErrors;
  if (!errors) return null;
  return Array.isArray(errors) ? errors : [errors];
}
