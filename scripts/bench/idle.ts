import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../protocol/index.js';
import { hashToken } from '../../server/services/tokens.js';
import { openBenchDatabase, type BenchDatabase } from './database.js';
import type { IdleMemory, IdleMode, IdleReply, IdleRequest } from './idle-server.js';

/** Connections opened at once; the next batch waits for this one. */
const BATCH = 200;
/**
 * A tenth of the sockets (at least 100) are opened and closed before the baseline, so start-up
 * work (JIT, pools, caches, the young generation growing to its working size) is not counted per
 * socket: without it the bare server's young generation grew from 8 to 32 MiB during its run and
 * the hub's had already, which made the bare server look 2.4 KiB per socket dearer than it is.
 */
const warmupOf = (count: number) => Math.max(100, Math.round(count / 10));
/** File descriptors kept free for everything else the bench and the servers hold open. */
const FD_RESERVE = 1024;
/** Longest wait for the server process to start, measure, or stop. */
const CHILD_MS = 120_000;
/** Set aside in bench.ts's whole-run bound for this phase (both servers, seeding, connecting). */
export const IDLE_BUDGET_MS = 900_000;

const KIB = 1024;
const MIB = 1024 * 1024;

export interface IdleRun {
  mode: IdleMode;
  asked: number;
  opened: number;
  failed: number;
  firstError: string | null;
  connectSeconds: number;
  before: IdleMemory;
  after: IdleMemory;
}

/** The soft limit on open files this process (and its children) have, or null when the shell cannot say. */
function openFileLimit(): number | null {
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Infinity : Number(out) || null;
  } catch {
    return null;
  }
}

/** How many sockets the phase opens: `asked`, or fewer when the open-file limit would not hold them (with why). */
export function idleSocketCount(asked: number, limit = openFileLimit()): { count: number; note: string | null } {
  if (limit === null || asked + FD_RESERVE <= limit) return { count: asked, note: null };
  const count = Math.max(0, limit - FD_RESERVE);
  return { count, note: `capped at ${count} sockets: the open-file limit (ulimit -n) is ${limit}, and ${FD_RESERVE} are kept for the rest; raise it to open ${asked}` };
}

/** A forked server process and a request/answer channel to it, each answer awaited with a bound. */
class ServerProcess {
  private readonly child: ChildProcess;
  private readonly waiting: ((reply: IdleReply) => void)[] = [];
  private exited: string | null = null;

  constructor() {
    this.child = fork(new URL('./idle-server.js', import.meta.url), [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: IdleReply) => this.waiting.shift()?.(reply));
    this.child.on('exit', (code, signal) => {
      this.exited = `the server process exited (${signal ?? code})`;
      for (const w of this.waiting.splice(0)) w({ type: 'failed', message: this.exited });
    });
  }

  ask(request: IdleRequest): Promise<IdleReply> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server process did not answer "${request.type}" within ${CHILD_MS / 1000} s`)), CHILD_MS);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        if (reply.type === 'failed') reject(new Error(reply.message));
        else resolve(reply);
      });
      this.child.send(request);
    });
  }

  async memory(): Promise<IdleMemory> {
    const reply = await this.ask({ type: 'measure' });
    if (reply.type !== 'memory') throw new Error(`expected memory, got ${reply.type}`);
    const { type: _type, ...memory } = reply;
    return memory;
  }

  /** Asks it to close and exit; kills it if it has not within the bound. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies IdleRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), CHILD_MS);
    await gone;
    clearTimeout(timer);
  }
}

/**
 * One connection as a client makes it: websocket only, no reconnection; a hub connection counts
 * once the hub said hello (authenticated, in its rooms), a bare one on connect.
 */
function connectOne(url: string, token: string | null, timeoutMs: number): Promise<Socket> {
  const socket = io(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    timeout: timeoutMs,
    ...(token ? { auth: { token, protocol: PROTOCOL_VERSION } } : {}),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${token ? 'hello' : 'connect'} within ${timeoutMs} ms`)), timeoutMs);
    const done = (err: Error | null) => {
      clearTimeout(timer);
      if (err) {
        socket.disconnect();
        reject(err);
      } else resolve(socket);
    };
    socket.once(token ? 'hello' : 'connect', () => done(null));
    socket.once('connect_error', (err) => done(err));
  });
}

interface Opened {
  sockets: Socket[];
  failed: number;
  firstError: string | null;
}

/** Opens `count` connections, `BATCH` at a time; stops early when a whole batch fails. */
async function openMany(url: string, tokens: (string | null)[], timeoutMs: number): Promise<Opened> {
  const opened: Opened = { sockets: [], failed: 0, firstError: null };
  for (let i = 0; i < tokens.length; i += BATCH) {
    const batch = tokens.slice(i, i + BATCH);
    const results = await Promise.allSettled(batch.map((t) => connectOne(url, t, timeoutMs)));
    for (const r of results) {
      if (r.status === 'fulfilled') opened.sockets.push(r.value);
      else {
        opened.failed++;
        opened.firstError ??= (r.reason as Error).message;
      }
    }
    if (results.every((r) => r.status === 'rejected')) break;
  }
  return opened;
}

function closeAll(sockets: Socket[]): void {
  for (const s of sockets) s.disconnect();
  sockets.length = 0;
}

/** People with one token each, written straight into the database (issuing 10,000 by command would take minutes). */
async function seedTokens(database: BenchDatabase, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const { principals, tokens: tokenModel } = database.db.models;
  for (let i = 0; i < count; i += 1000) {
    const people = [];
    const records = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const _id = new Types.ObjectId();
      const token = `sbt_idle_${randomBytes(16).toString('hex')}`;
      tokens.push(token);
      people.push({ _id, name: `idle-${j}`, kind: 'person', role: 'member' });
      records.push({ hash: hashToken(token), principalId: _id, label: 'idle bench' });
    }
    await principals.insertMany(people, { ordered: false });
    await tokenModel.insertMany(records, { ordered: false });
  }
  return tokens;
}

/** Starts one server process, measures it before and after `tokens.length` idle connections, and closes all. */
async function measureServer(mode: IdleMode, tokens: (string | null)[], timeoutMs: number, database: BenchDatabase | null): Promise<IdleRun> {
  const server = new ServerProcess();
  let sockets: Socket[] = [];
  try {
    const ready = await server.ask({ type: 'start', mode, uri: database?.uri, dbName: database?.name });
    if (ready.type !== 'ready') throw new Error(`expected ready, got ${ready.type}`);
    const warm = await openMany(ready.url, tokens.slice(0, warmupOf(tokens.length)), timeoutMs);
    closeAll(warm.sockets);
    const before = await server.memory();
    const t0 = performance.now();
    const opened = await openMany(ready.url, tokens, timeoutMs);
    sockets = opened.sockets;
    const connectSeconds = (performance.now() - t0) / 1000;
    const after = await server.memory();
    return { mode, asked: tokens.length, opened: opened.sockets.length, failed: opened.failed, firstError: opened.firstError, connectSeconds, before, after };
  } finally {
    closeAll(sockets);
    await server.stop();
  }
}

export interface IdleResult {
  hub: IdleRun;
  bare: IdleRun;
  note: string | null;
}

/** The hub (on a fresh database with `count` people) and a bare socket.io server, one after the other, `count` idle sockets each. */
export async function runIdle(asked: number, timeoutMs: number): Promise<IdleResult> {
  const { count, note } = idleSocketCount(asked);
  if (count < 100) throw new Error(note ?? 'the idle phase needs at least 100 sockets');
  const database = await openBenchDatabase();
  try {
    const tokens = await seedTokens(database, count);
    const hub = await measureServer('hub', tokens, timeoutMs, database);
    const bare = await measureServer('bare', tokens.map(() => null), timeoutMs, null);
    return { hub, bare, note };
  } finally {
    await database.close();
  }
}

const perSocket = (run: IdleRun, key: keyof Omit<IdleMemory, 'sockets'>) => (run.opened ? (run.after[key] - run.before[key]) / run.opened / KIB : NaN);

/** The table: each server's memory before and after, KiB per socket, and the hub's over the bare server's. */
export function idleTable({ hub, bare }: IdleResult): string {
  const kib = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
  const row = (name: string, r: IdleRun) =>
    `| ${name} | ${r.opened.toLocaleString('en-US')}${r.failed ? ` (${r.failed} failed)` : ''} | ${r.connectSeconds.toFixed(1)} s | ` +
    `${(r.before.rssBytes / MIB).toFixed(0)} -> ${(r.after.rssBytes / MIB).toFixed(0)} | ${kib(perSocket(r, 'rssBytes'))} | ${kib(perSocket(r, 'heapUsedBytes'))} | ${kib(perSocket(r, 'heapTotalBytes'))} | ${kib(perSocket(r, 'externalBytes'))} |`;
  const ratio = (key: keyof Omit<IdleMemory, 'sockets'>) => {
    const b = perSocket(bare, key);
    return b > 0 ? `x${(perSocket(hub, key) / b).toFixed(2)}` : '-';
  };
  return [
    '| server | idle sockets | to open | RSS MiB before -> after | RSS KiB/socket | heap used KiB/socket | heap committed KiB/socket | external KiB/socket |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('hub (authenticated, default limits)', hub),
    row('bare socket.io', bare),
    `| hub / bare | | | | ${ratio('rssBytes')} | ${ratio('heapUsedBytes')} | ${ratio('heapTotalBytes')} | ${ratio('externalBytes')} |`,
  ].join('\n');
}

/** Runs the phase and prints what it found. */
export async function printIdle(asked: number, timeoutMs: number): Promise<void> {
  const result = await runIdle(asked, timeoutMs);
  for (const r of [result.hub, result.bare]) {
    console.error(`  idle ${r.mode}: ${r.opened} sockets open in ${r.connectSeconds.toFixed(1)} s${r.failed ? `, ${r.failed} failed (first: ${r.firstError})` : ''}`);
  }
  console.log(
    `\nIdle connections (each server in a child process of its own, node --expose-gc; the clients in this process, websocket only;` +
      ` a tenth of them opened and closed first; memory read after 4 forced GCs, before and after; deltas over the sockets opened;` +
      ` heap committed = V8's heap with the free space between live objects, the part of RSS that fragmentation grows):`,
  );
  if (result.note) console.log(`  ${result.note}`);
  // The heap grows in steps of pages and of young-generation size: a few hundred sockets cannot amortise them.
  if (result.hub.opened < 5000) console.log(`  with ${result.hub.opened} sockets the figures are mostly the heap growing in steps; read them at 10,000`);
  console.log(idleTable(result));
}
