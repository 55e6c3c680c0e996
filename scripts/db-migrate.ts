import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { lockDataDir } from '../server/db/data-dir-lock.js';
import { startEmbeddedDatabase } from '../server/db/embedded/index.js';
import { sqliteDirOf, startFerretdb } from '../server/db/embedded/ferretdb.js';
import { copyDatabase } from '../server/db/migrate/copy-database.js';

/**
 * `npm run db:migrate`: copies the data of the SQLite-backed embedded database (what earlier
 * versions kept in DATA_DIR/ferretdb/sqlite) into the embedded PostgreSQL (DATA_DIR/postgres),
 * with every `_id` kept. The SQLite files stay as they were; run it with the hub stopped.
 */
const dataDir = resolve(process.env.DATA_DIR || './data');
const dbName = process.env.DB_NAME || 'switchboard';

async function main(): Promise<void> {
  if (!existsSync(sqliteDirOf(dataDir))) {
    console.log(`db:migrate: ${dataDir} holds no SQLite-backed database; nothing to do.`);
    return;
  }
  const lock = lockDataDir(dataDir);
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-migrate-'));
  const old = await startFerretdb({ kind: 'sqlite', dir: sqliteDirOf(dataDir) }, join(scratch, 'sqlite-state'));
  const fresh = await startEmbeddedDatabase(dataDir, { allowSqliteLeftovers: true });
  const from = await MongoClient.connect(old.uri);
  const to = await MongoClient.connect(fresh.uri);
  try {
    console.log(`db:migrate: copying database "${dbName}" from ${sqliteDirOf(dataDir)} into ${fresh.store}`);
    const reports = await copyDatabase(from.db(dbName), to.db(dbName), (line) => console.log(line));
    const total = reports.reduce((n, r) => n + r.documents, 0);
    console.log(`db:migrate: done, ${total} documents in ${reports.length} collections. The SQLite files are kept; remove ${sqliteDirOf(dataDir)} once the hub runs well.`);
  } finally {
    await from.close();
    await to.close();
    await old.stop();
    await fresh.stop();
    rmSync(scratch, { recursive: true, force: true });
    lock.release();
  }
}

main().catch((err: unknown) => {
  console.error(`db:migrate: ${(err as Error).message}`);
  process.exit(1);
});
