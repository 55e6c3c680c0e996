import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventually } from './wait.js';

/** The hub's processes started as `npm start` starts them: the real entry point, its banner, its exit. */
/** The real entry point, as `npm start` runs it. */
const MAIN = fileURLToPath(new URL('../../server/main.js', import.meta.url));

export interface Hub {
  child: ChildProcess;
  url: string;
  /** The embedded FerretDB's port, from the start-up banner. */
  dbPort: number;
  /** The private PostgreSQL's port under it. */
  pgPort: number;
  stdout: string;
  /** What it has written to stderr so far (its structured log). */
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment of a fresh start: none of the settings a developer's shell may carry. */
export function envFor(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['MONGODB_URI', 'ADMIN_TOKEN', 'PORT', 'HOST', 'DATA_DIR', 'REDIS_URL', 'DB_NAME', 'PUBLIC_URL', 'POSTGRES_URL', 'EMBEDDED_DB']) delete env[k];
  return { ...env, PORT: '0', ...extra };
}

/** Every hub process the tests started, so none outlives them even when a test fails half-way. */
export const spawned: { child: ChildProcess; exited: Hub['exited'] }[] = [];

/** Spawns `node dist/server/main.js`, collecting what it prints. */
export function spawnMain(env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => string; err: () => string; exited: Hub['exited'] } {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  spawned.push({ child, exited });
  return { child, out: () => out, err: () => err, exited };
}

/** Starts the hub on `dataDir` and resolves once its banner is printed, or rejects with what it said on stderr. */
export async function startMain(dataDir: string, extra: Record<string, string> = {}): Promise<Hub> {
  const run = spawnMain(envFor({ DATA_DIR: dataDir, ...extra }));
  let gone = false;
  void run.exited.then(() => (gone = true));
  await eventually(async () => {
    if (gone) throw new Error(`the hub exited during start: ${run.err()}`);
    return run.out().includes('  connect: ');
  }, { what: 'the hub prints its banner', ms: 30000 });
  const stdout = run.out();
  const url = /Switchboard is up on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  const dbPort = Number(/database: embedded FerretDB on 127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
  const pgPort = Number(/PostgreSQL 16 on 127\.0\.0\.1:(\d+), cluster in /.exec(stdout)?.[1]);
  expect(url, stdout).to.be.a('string');
  expect(dbPort, stdout).to.be.greaterThan(0);
  if (extra.EMBEDDED_DB !== 'sqlite') expect(pgPort, stdout).to.be.greaterThan(0);
  return { child: run.child, url: url!, dbPort, pgPort, stdout, err: run.err, exited: run.exited };
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

/** Kills every hub process still running (after a test that failed half-way) and waits for them. */
export async function killSpawned(): Promise<void> {
  for (const { child } of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(spawned.map((s) => s.exited));
}
