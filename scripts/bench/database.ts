import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, redactUri, type Database } from '../../server/db/connect.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded/index.js';
import { FERRETDB_BUILD } from '../ferretdb-path.mjs';

export interface BenchDatabase {
  db: Database;
  /** For people: which server, where its files are. */
  label: string;
  /** Where it is and its name, for a process of its own to connect to it (credentials included: never print it). */
  uri: string;
  name: string;
  /** Drops the throwaway database, closes, stops the embedded server and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * A throwaway database: a fresh embedded FerretDB in a temp DATA_DIR, or, with MONGODB_URI set,
 * a database of its own (`switchboard_bench_<random>`) on that server, dropped at the end.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env.MONGODB_URI || null;
  let dir: string | null = null;
  let embedded: EmbeddedDatabase | null = null;
  const cleanup = async () => {
    await embedded?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let uri: string;
    if (external) {
      uri = external;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
      embedded = await startEmbeddedDatabase(dir, { backend: process.env.EMBEDDED_DB === 'sqlite' ? 'sqlite' : 'postgresql' });
      uri = embedded.uri;
    }
    const dbName = `switchboard_bench_${randomBytes(4).toString('hex')}`;
    const db = await openDatabase(uri, dbName);
    const label = embedded
      ? `embedded FerretDB ${FERRETDB_BUILD} on 127.0.0.1:${embedded.port}, ${embedded.store}`
      : `${redactUri(uri)} database ${dbName}`;
    return {
      db,
      label,
      uri,
      name: dbName,
      async close() {
        await db.conn.dropDatabase().catch(() => undefined);
        await db.close().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
