import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';

interface OperationStart {
  _id: unknown;
  collectionName: string;
  method: string;
  params: unknown[];
}

interface OperationEnd {
  _id: unknown;
  collectionName: string;
  method: string;
}

/** These return a cursor, not a promise, so mongoose reports no end for them. */
const CURSOR_METHODS = new Set(['find', 'aggregate', 'listIndexes', 'watch']);

export interface MethodCalls {
  /** `collection.method`, e.g. `messages.insertMany`. */
  name: string;
  calls: number;
  /** Calls whose end was seen (cursors, like `find`, report no end). */
  timed: number;
  /** Sum of start-to-answer times of the timed calls, in ms. */
  totalMs: number;
}

export interface DbCallCounts {
  /** Every collection call the hub made through mongoose (each is one round trip, or one cursor open). */
  calls: number;
  /** `messages.insertMany` calls and the messages they carried: the chat store's batching. */
  messageBatches: number;
  messagesInserted: number;
  /** Per `collection.method`, most calls first. */
  byMethod: MethodCalls[];
}

/**
 * Counts and times what the hub asks of the database, from mongoose's `operation-start` and
 * `operation-end` events on the hub's own connection. Raw driver calls (the raw-insert phase) do
 * not pass through it.
 */
export class DbCallCounter {
  private byMethod = new Map<string, MethodCalls>();
  private readonly open = new Map<unknown, { entry: MethodCalls; at: number }>();
  private calls = 0;
  private messageBatches = 0;
  private messagesInserted = 0;

  private readonly onStart = (e: OperationStart) => {
    const name = `${e.collectionName}.${e.method}`;
    let entry = this.byMethod.get(name);
    if (!entry) this.byMethod.set(name, (entry = { name, calls: 0, timed: 0, totalMs: 0 }));
    entry.calls++;
    this.calls++;
    if (!CURSOR_METHODS.has(e.method)) this.open.set(e._id, { entry, at: performance.now() });
    if (e.collectionName === 'messages' && e.method === 'insertMany' && Array.isArray(e.params[0])) {
      this.messageBatches++;
      this.messagesInserted += e.params[0].length;
    }
  };

  private readonly onEnd = (e: OperationEnd) => {
    const started = this.open.get(e._id);
    if (!started) return;
    this.open.delete(e._id);
    started.entry.timed++;
    started.entry.totalMs += performance.now() - started.at;
  };

  constructor(private readonly conn: Connection) {
    conn.on('operation-start', this.onStart);
    conn.on('operation-end', this.onEnd);
  }

  /** What was counted since the last call, and start again (calls still open are timed into the next). */
  take(): DbCallCounts {
    const counts: DbCallCounts = {
      calls: this.calls,
      messageBatches: this.messageBatches,
      messagesInserted: this.messagesInserted,
      byMethod: [...this.byMethod.values()].sort((a, b) => b.calls - a.calls),
    };
    this.byMethod = new Map();
    for (const [id, started] of this.open) {
      // A call that began in one window and ends in the next is timed under a fresh entry.
      const fresh = { name: started.entry.name, calls: 0, timed: 0, totalMs: 0 };
      this.byMethod.set(fresh.name, this.byMethod.get(fresh.name) ?? fresh);
      this.open.set(id, { entry: this.byMethod.get(fresh.name)!, at: started.at });
    }
    this.calls = this.messageBatches = this.messagesInserted = 0;
    return counts;
  }

  stop(): void {
    this.conn.off('operation-start', this.onStart);
    this.conn.off('operation-end', this.onEnd);
    this.open.clear();
  }
}
