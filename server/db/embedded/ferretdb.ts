import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FERRETDB_BUILD, ferretdbBinaryPath } from '../../../scripts/ferretdb-path.mjs';
import { EmbeddedDatabaseError } from './errors.js';
import { freeLoopbackPort, lastLines, superviseProcess } from './processes.js';

export interface EmbeddedFerretdb {
  uri: string;
  port: number;
  /** Resolves when FerretDB has exited, whoever stopped it. */
  exit: Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

/** What FerretDB stores in: a PostgreSQL database (the default) or SQLite files. */
export type FerretdbBackend = { kind: 'postgresql'; url: string } | { kind: 'sqlite'; dir: string };

function backendArgs(backend: FerretdbBackend): string[] {
  if (backend.kind === 'postgresql') return ['--handler=postgresql', `--postgresql-url=${backend.url}`];
  mkdirSync(backend.dir, { recursive: true });
  return ['--handler=sqlite', `--sqlite-url=file:${backend.dir}/`];
}

/** Starts FerretDB on `backend`, on `port` (a restart keeps its port) or a free loopback one, its state files under `stateDir`. */
export async function startFerretdb(backend: FerretdbBackend, stateDir: string, options: { port?: number; timeoutMs?: number } = {}): Promise<EmbeddedFerretdb> {
  const bin = ferretdbBinaryPath();
  if (!existsSync(bin)) {
    throw new EmbeddedDatabaseError(
      `The embedded database (FerretDB ${FERRETDB_BUILD}) is not built at ${bin}: run \`npm start\`, which builds it with Go, or set MONGODB_URI to a MongoDB server.`,
    );
  }
  mkdirSync(stateDir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  const args = [
    ...backendArgs(backend),
    `--state-dir=${stateDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    // Info, for the line that says it listens (then only a line per connection opened or closed).
    '--log-level=info',
  ];
  const proc = superviseProcess([bin, ...args]);
  const state = await proc.ready(/Listening on TCP /, options.timeoutMs ?? 20000);
  if (state !== 'up') {
    await proc.stop();
    throw new EmbeddedDatabaseError(
      `The embedded database did not start on 127.0.0.1:${port}${state === 'exited' ? ' (it exited)' : ''}: ${lastLines(proc.output())}`,
    );
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, port, exit: proc.exit, stop: (graceMs) => proc.stop(graceMs) };
}

/** Where the SQLite backend keeps its files under a data folder (the default before PostgreSQL). */
export const sqliteDirOf = (dataDir: string) => join(dataDir, 'ferretdb', 'sqlite');
