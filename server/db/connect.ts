import mongoose from 'mongoose';
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
  close(): Promise<void>;
}

/** Hides credentials when a URI has to be shown to a person. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}

/** Connects, registers the models on this connection only, and makes sure their indexes exist. */
export async function openDatabase(uri: string, dbName: string): Promise<Database> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    autoIndex: false,
    maxPoolSize: 20,
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
    close: () => conn.close(),
  };
}
