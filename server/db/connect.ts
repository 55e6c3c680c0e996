import mongoose from 'mongoose';
import { withDeadline } from '../deadline.js';
import { HubError } from '../errors.js';
import { createModels, type Models } from './models/index.js';

export interface Database {
  conn: mongoose.Connection;
  models: Models;
  /**
   * Whether a filter on `_id` alone is an index lookup: on MongoDB and on the embedded FerretDB
   * (built with the patch in scripts/ensure.mjs, which says so in its version), not on a stock
   * FerretDB v1 with SQLite, where it scans the collection.
   */
  indexedIdLookups: boolean;
  ping(): Promise<boolean>;
  /** Why the database is down when its owner knows (the embedded one being restarted), else null. */
  downReason(): string | null;
  /** Whether the database answers a ping within `deadlineMs`, and if not, why, in a sentence. */
  check(deadlineMs: number): Promise<{ up: boolean; reason: string | null }>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Why the database is down when its owner knows (the embedded one being restarted), else null. */
  downReason?: () => string | null;
  /** Longest wait on one operation's reply before its connection is dropped (a stalled server). */
  socketTimeoutMs?: number;
}

/** Hides credentials when a URI has to be shown to a person. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}

/** Connects, registers the models on this connection only, and makes sure their indexes exist. */
export async function openDatabase(uri: string, dbName: string, options: DatabaseOptions = {}): Promise<Database> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    autoIndex: false,
    maxPoolSize: 20,
    // A stalled server (SIGSTOP, a hung disk) must not hold a connection forever; requests have their own deadline.
    socketTimeoutMS: options.socketTimeoutMs ?? 30_000,
    // FerretDB does not remember retried writes, so a driver retry after a lost reply could apply
    // a write twice (a message stored again under the next seq, a counter added twice). A write
    // whose reply is lost fails instead; the client resends with its client id, which runs once.
    retryWrites: false,
    // Command events feed the database duration histogram of /metrics (server/db/command-timing.ts).
    monitorCommands: true,
  });
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new Error(
      `Could not reach the database at ${redactUri(uri)} (${(err as Error).message}). Check that it is running, or unset MONGODB_URI to use the embedded database.`,
    );
  }
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  return {
    conn,
    models,
    indexedIdLookups: info.ferretdbVersion === undefined || info.ferretdbVersion.includes('-switchboard.'),
    async ping() {
      try {
        await conn.db!.admin().command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    downReason: () => options.downReason?.() ?? null,
    async check(deadlineMs) {
      const known = options.downReason?.() ?? null;
      if (known) return { up: false, reason: known };
      try {
        await withDeadline(conn.db!.admin().command({ ping: 1 }), deadlineMs);
        return { up: true, reason: null };
      } catch (err) {
        return { up: false, reason: err instanceof HubError ? err.message : `The database refused a ping: ${(err as Error).message}` };
      }
    },
    close: () => conn.close(),
  };
}
