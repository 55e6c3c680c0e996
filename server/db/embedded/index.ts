import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedDatabaseError } from './errors.js';
import { KeptProcess } from './keep-alive.js';
import { sqliteDirOf, startFerretdb } from './ferretdb.js';
import { POSTGRES_MAJOR, startEmbeddedPostgres, type EmbeddedPostgres } from './postgres.js';

export { EmbeddedDatabaseError } from './errors.js';

export type EmbeddedBackend = 'postgresql' | 'sqlite';

export interface EmbeddedDatabase {
  /** The MongoDB URI the hub connects to (FerretDB). */
  uri: string;
  /** FerretDB's port. */
  port: number;
  backend: EmbeddedBackend;
  /** The PostgreSQL under FerretDB: the private one, or POSTGRES_URL's. */
  postgresUrl: string | null;
  /** Where the data lives, for the start-up banner. */
  store: string;
  /** Why the database is unavailable while one of its processes is being restarted, else null. */
  downReason(): string | null;
  /** FerretDB first, then the private PostgreSQL; each killed if it has not stopped within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface EmbeddedOptions {
  backend?: EmbeddedBackend;
  /** An existing PostgreSQL for FerretDB instead of the private one (several hubs share it). */
  postgresUrl?: string | null;
  /** Extra PostgreSQL settings (`name=value`) for the private cluster. */
  postgresSettings?: string[];
  /** Start PostgreSQL beside the files of the SQLite backend (the migration does, to copy them over). */
  allowSqliteLeftovers?: boolean;
}

const hasFiles = (dir: string) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.sqlite'));

/**
 * The embedded database: FerretDB on a private PostgreSQL whose cluster lives in
 * `dataDir/postgres` (or on POSTGRES_URL), or FerretDB on SQLite files when asked. A data folder
 * made by the SQLite build is not silently ignored: the hub says how to migrate it.
 */
export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const backend = options.backend ?? 'postgresql';
  const stateDir = join(dataDir, 'ferretdb');
  if (backend === 'sqlite') {
    const sqlite = { kind: 'sqlite', dir: sqliteDirOf(dataDir) } as const;
    const fdb = await startFerretdb(sqlite, stateDir);
    const ferret = new KeptProcess('FerretDB', fdb, (port) => startFerretdb(sqlite, stateDir, { port }));
    return {
      uri: fdb.uri,
      port: fdb.port,
      backend,
      postgresUrl: null,
      store: `SQLite files in ${sqliteDirOf(dataDir)}`,
      downReason: () => ferret.down,
      stop: (graceMs) => ferret.stop(graceMs),
    };
  }
  const clusterDir = join(dataDir, 'postgres');
  if (!options.postgresUrl && !options.allowSqliteLeftovers && hasFiles(sqliteDirOf(dataDir)) && !existsSync(join(clusterDir, 'PG_VERSION'))) {
    throw new EmbeddedDatabaseError(
      `${dataDir} holds data of the SQLite-backed database this hub used before: run \`npm run db:migrate\` to copy it into PostgreSQL (it keeps the SQLite files), or start with EMBEDDED_DB=sqlite to keep using them.`,
    );
  }
  let postgres: EmbeddedPostgres | null = null;
  const settings = options.postgresSettings;
  if (!options.postgresUrl) postgres = await startEmbeddedPostgres(clusterDir, { settings });
  const kept = postgres ? new KeptProcess('PostgreSQL', postgres, (port) => startEmbeddedPostgres(clusterDir, { settings, port })) : null;
  const postgresUrl = options.postgresUrl ?? postgres!.url;
  const backendOf = { kind: 'postgresql', url: postgresUrl } as const;
  try {
    const fdb = await startFerretdb(backendOf, stateDir);
    const ferret = new KeptProcess('FerretDB', fdb, (port) => startFerretdb(backendOf, stateDir, { port }));
    return {
      uri: fdb.uri,
      port: fdb.port,
      backend,
      postgresUrl,
      store: postgres ? `PostgreSQL ${POSTGRES_MAJOR} on 127.0.0.1:${postgres.port}, cluster in ${clusterDir}` : `PostgreSQL at ${postgresUrl.replace(/\/\/[^@/]+@/, '//***@')}`,
      downReason: () => kept?.down ?? ferret.down,
      async stop(graceMs) {
        await ferret.stop(graceMs);
        await kept?.stop(graceMs);
      },
    };
  } catch (err) {
    await kept?.stop();
    throw err;
  }
}
