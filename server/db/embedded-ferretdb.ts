import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { FERRETDB_BUILD, ferretdbBinaryPath } from '../../scripts/ferretdb-path.mjs';

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

/**
 * The shell wrapper that ties FerretDB's life to ours: it starts FerretDB, prints its pid, and
 * waits on its stdin. When the hub exits for any reason, even SIGKILL, the OS closes that pipe,
 * `cat` returns, and the wrapper stops FerretDB. Node has no portable parent-death signal.
 */
const SUPERVISOR = '"$@" & child=$!; echo "$child"; cat >/dev/null; kill "$child" 2>/dev/null; wait "$child"';

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts FerretDB (SQLite handler) with its files under `dataDir/ferretdb`, on a free loopback port. */
export async function startEmbeddedFerretdb(dataDir: string, timeoutMs = 20000): Promise<EmbeddedDatabase> {
  const bin = ferretdbBinaryPath();
  if (!existsSync(bin)) {
    throw new EmbeddedDatabaseError(
      `The embedded database (FerretDB ${FERRETDB_BUILD}) is not built at ${bin}: run \`npm start\`, which builds it with Go, or set MONGODB_URI to a MongoDB server.`,
    );
  }
  const dir = join(dataDir, 'ferretdb');
  mkdirSync(join(dir, 'sqlite'), { recursive: true });
  const port = await freeLoopbackPort();
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${join(dir, 'sqlite')}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
  const child: ChildProcess = spawn('sh', ['-c', SUPERVISOR, 'sh', bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderrTail = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });
  let ferretPid = 0;
  child.stdout!.once('data', (d: Buffer) => {
    ferretPid = Number.parseInt(d.toString(), 10) || 0;
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      child.stdin!.end();
      throw new EmbeddedDatabaseError(
        `The embedded database did not start on 127.0.0.1:${port}${exited ? ' (it exited)' : ''}: ${stderrTail.trim().split('\n').slice(-3).join(' | ') || 'no output'}`,
      );
    }
    await sleep(50);
  }

  let stopping: Promise<void> | null = null;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        child.stdin!.end();
        const timer = setTimeout(() => {
          if (ferretPid) {
            try {
              process.kill(ferretPid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }
          child.kill('SIGKILL');
        }, 5000);
        await exitedPromise;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
