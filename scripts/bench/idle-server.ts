/**
 * The server side of the `idle` bench phase, in a process of its own so that its memory is the
 * server's alone (the clients live in the bench process). Started by idle.ts with --expose-gc;
 * speaks over the IPC channel:
 *   parent -> { type: 'start', mode: 'hub' | 'bare', uri?, dbName? }
 *   child  -> { type: 'ready', url }
 *   parent -> { type: 'measure' }   child -> { type: 'memory', ...IdleMemory }
 *   parent -> { type: 'stop' }      child closes everything and exits
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from 'socket.io';
import type { Database } from '../../server/db/connect.js';
import type { RunningHub } from '../../server/hub.js';
import { log } from '../../server/logger.js';

export type IdleMode = 'hub' | 'bare';

export interface IdleMemory {
  rssBytes: number;
  heapUsedBytes: number;
  /** The V8 heap's committed size: live objects plus the free space between them. */
  heapTotalBytes: number;
  /** Memory of C++ objects bound to JS ones, ArrayBuffers included (socket buffers, zlib). */
  externalBytes: number;
  /** Sockets the server holds (engine.io's count). */
  sockets: number;
}

export type IdleRequest = { type: 'start'; mode: IdleMode; uri?: string; dbName?: string } | { type: 'measure' } | { type: 'stop' };
export type IdleReply = { type: 'ready'; url: string } | ({ type: 'memory' } & IdleMemory) | { type: 'failed'; message: string };

interface Running {
  url: string;
  sockets(): number;
  /** Resolves when the server has finished reacting to the connections (presence writes). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const send = (reply: IdleReply) => process.send!(reply);

/** The reference: socket.io with its defaults and nothing else, as echo-server.ts runs it. */
async function startBare(): Promise<Running> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('echo', (payload: unknown, ack: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    sockets: () => io.engine.clientsCount,
    settled: async () => undefined,
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/** The hub as `npm start` runs it (default rate limits, no Redis) over the bench's database. */
async function startIdleHub(uri: string, dbName: string): Promise<Running> {
  // Loaded here, so the bare server's process holds socket.io and nothing of the hub.
  const { openDatabase } = await import('../../server/db/connect.js');
  const { startHub } = await import('../../server/hub.js');
  const db: Database = await openDatabase(uri, dbName);
  let hub: RunningHub;
  try {
    hub = await startHub({ db, port: 0, host: '127.0.0.1' });
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    url: hub.url,
    sockets: () => hub.io.engine.clientsCount,
    settled: () => hub.presence.idle(),
    async close() {
      await hub.close();
      await db.close();
    },
  };
}

/** After a few full collections, with a pause between for finalizers and freed buffers. */
async function measure(running: Running): Promise<IdleMemory> {
  await running.settled();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('idle-server needs --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(100);
  }
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external, sockets: running.sockets() };
}

function main(): void {
  log.level = process.env.LOG_LEVEL ?? 'warn';
  let running: Running | null = null;
  const fail = (err: unknown) => send({ type: 'failed', message: (err as Error).stack ?? String(err) });
  // The bench process died or let go: nothing should outlive it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: IdleRequest) => {
    if (msg.type === 'start') {
      const started = msg.mode === 'hub' ? startIdleHub(msg.uri!, msg.dbName!) : startBare();
      started.then((r) => {
        running = r;
        send({ type: 'ready', url: r.url });
      }, fail);
    } else if (msg.type === 'measure') {
      measure(running!).then((m) => send({ type: 'memory', ...m }), fail);
    } else if (msg.type === 'stop') {
      void (running?.close() ?? Promise.resolve())
        .catch((err) => console.error(`idle-server: closing: ${(err as Error).message}`))
        .finally(() => process.exit(0));
    }
  });
}

main();
