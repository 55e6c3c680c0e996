import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { ChatSendAck } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { Database } from '../../server/db/connect.js';
import { performance } from 'node:perf_hooks';
import { ANALYTICS_ACTIVITIES, ANALYTICS_TASKS, seedAnalyticsHistory } from './analytics-history.js';
import { ArtifactTraffic, MIB } from './artifacts.js';
import { echoOnce, startEchoBench, type EchoBench } from './echo-server.js';
import type { Operation, StepTimings } from './load.js';
import { FLOOD_KEYS, floodPhases } from './flood.js';
import { ParcelTraffic } from './parcels.js';
import { BENCH_SPRINT, SHARED_ROOM, taskCode, taskRoomOf, type BenchHub } from './setup.js';

/** What a phase measures against: the hub's full path (sockets, or HTTP), or one of the two limits around it. */
export type PhaseKind = 'hub' | 'http' | 'echo' | 'raw' | 'store';

export interface Phase {
  key: string;
  title: string;
  kind: PhaseKind;
  prepare?(): Promise<void>;
  op: Operation;
  finish?(): Promise<void>;
  /** The load's shape when not clients x concurrency (artifacts move MiBs per request: few in flight, few requests). */
  workers?: number;
  inFlight?: number;
  maxOps?: number;
  /** Most operations in the warm-up. */
  warmupOps?: number;
  /** Bytes each operation moves, for MiB/s. */
  bytesPerOp?: number;
  /** Steps inside an operation the phase times itself; cleared after the warm-up. */
  timings?: StepTimings;
  /** A line about the state the phase ran in, read after it. */
  note?(): string;
}

export interface PhaseContext {
  bench: BenchHub;
  db: Database;
  clients: number;
  timeoutMs: number;
  /** Bytes per artifact, requests per artifact phase, and requests in flight in the parallel ones. */
  artifactBytes: number;
  artifactCount: number;
  artifactParallel: number;
}

export const PHASE_KEYS = [
  'echo',
  'raw',
  'chat',
  'chat-shared',
  'tasks',
  'note',
  'note-shared',
  'parcel',
  'store',
  'store-shared',
  'join',
  'download',
  'download-par',
  'upload',
  'upload-par',
  ...FLOOD_KEYS,
  'analytics',
] as const;

const RAW_COLLECTION = 'bench_raw';

function expectOk(ack: ChatSendAck): void {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
}

const client = (ctx: PhaseContext, w: number): SwitchboardClient => ctx.bench.clients[w]!;

async function joinAll(ctx: PhaseContext, room: string): Promise<void> {
  await Promise.all(ctx.bench.clients.map((c) => c.join(room)));
}

async function leaveAll(ctx: PhaseContext, room: string): Promise<void> {
  await Promise.all(ctx.bench.clients.map((c) => c.leave(room)));
}

/** A document like the ones MessageStore writes for a chat message. */
function storedMessageLike(ctx: PhaseContext, w: number, seq: number): Record<string, unknown> {
  const sender = client(ctx, w).principal!;
  return {
    _id: new Types.ObjectId(),
    room: taskRoomOf(w),
    seq,
    kind: 'chat',
    sender: { id: sender.id, name: sender.name, kind: sender.kind },
    text: `bench message ${seq}`,
    clientId: randomUUID(),
    replyTo: null,
    result: null,
    meta: null,
    createdAt: new Date(),
  };
}

/** Chat sends over the full path; all clients in their own room, or all in one. */
function chatPhase(ctx: PhaseContext, shared: boolean): Phase {
  return {
    key: shared ? 'chat-shared' : 'chat',
    title: shared ? 'chat, all in one room' : 'chat, own room each',
    kind: 'hub',
    prepare: shared ? () => joinAll(ctx, SHARED_ROOM) : undefined,
    op: async (w, n) => expectOk(await client(ctx, w).send(shared ? SHARED_ROOM : taskRoomOf(w), `bench message ${n}`)),
    finish: shared ? () => leaveAll(ctx, SHARED_ROOM) : undefined,
  };
}

/** `/task-note` writes the task, an activity, two messages, and broadcasts; each client notes its own task. */
function notePhase(ctx: PhaseContext, shared: boolean): Phase {
  return {
    key: shared ? 'note-shared' : 'note',
    title: shared ? '/task-note, all in one room' : '/task-note, own room each',
    kind: 'hub',
    prepare: shared ? () => joinAll(ctx, SHARED_ROOM) : undefined,
    op: async (w, n) => expectOk(await client(ctx, w).send(shared ? SHARED_ROOM : taskRoomOf(w), `/task-note ${taskCode(w)} "note ${n}"`)),
    finish: shared ? () => leaveAll(ctx, SHARED_ROOM) : undefined,
  };
}

/** The chat store alone, no socket and no router: how far per-room coalescing carries. */
function storePhase(ctx: PhaseContext, shared: boolean): Phase {
  return {
    key: shared ? 'store-shared' : 'store',
    title: shared ? 'MessageStore.append, one room' : 'MessageStore.append, own rooms',
    kind: 'store',
    op: async (w, n) => {
      const sender = client(ctx, w).principal!;
      await ctx.bench.hub.services.messages.append(shared ? SHARED_ROOM : taskRoomOf(w), [
        { kind: 'chat', sender: { id: sender.id, name: sender.name, kind: sender.kind }, text: `bench message ${n}`, clientId: randomUUID() },
      ]);
    },
  };
}

function echoPhase(ctx: PhaseContext): Phase {
  let echo: EchoBench | null = null;
  return {
    key: 'echo',
    title: 'socket.io ack echo (limit)',
    kind: 'echo',
    prepare: async () => {
      echo = await startEchoBench(ctx.clients, ctx.timeoutMs);
    },
    op: (w, n) => echoOnce(echo!.clients[w]!, { room: taskRoomOf(w), text: `bench message ${n}`, clientId: randomUUID() }),
    finish: async () => {
      await echo?.close();
      echo = null;
    },
  };
}

/** insertOne of a stored-message-shaped document, with the messages collection's indexes. */
function rawPhase(ctx: PhaseContext): Phase {
  const raw = () => ctx.db.conn.db!.collection(RAW_COLLECTION);
  let seq = 0; // across warm-up and measured runs, so (room, seq) stays unique
  return {
    key: 'raw',
    title: 'raw insertOne (limit)',
    kind: 'raw',
    prepare: async () => {
      await raw().createIndexes([
        { key: { room: 1, seq: 1 }, unique: true },
        { key: { 'sender.id': 1, clientId: 1 }, unique: true },
        { key: { replyTo: 1 } },
      ]);
    },
    op: async (w) => {
      await raw().insertOne(storedMessageLike(ctx, w, ++seq));
    },
    finish: async () => {
      await raw().drop().catch(() => undefined);
    },
  };
}

/** `/message-send` from each member to its own agent, until the agent has the parcel and acked it. */
function parcelPhase(ctx: PhaseContext): Phase {
  const traffic = new ParcelTraffic(ctx.bench, ctx.timeoutMs);
  return {
    key: 'parcel',
    title: '/message-send -> parcel:new -> ack',
    kind: 'hub',
    prepare: () => traffic.connect(ctx.clients),
    op: (w) => traffic.send(w),
    timings: traffic.timings,
    finish: async () => traffic.close(),
  };
}

/**
 * `room:join` of the busy room once every earlier phase has filled the messages collection: the
 * latest 50 are read by derived `_id`, so this should not depend on how much chat is stored
 * (the "msgs in db" column says how much that is).
 */
function joinPhase(ctx: PhaseContext): Phase {
  return {
    key: 'join',
    title: 'room:join (latest 50) of the busy room',
    kind: 'hub',
    op: async (w) => {
      const messages = await client(ctx, w).join(SHARED_ROOM);
      if (!messages.length) throw new Error('room:join returned no messages');
    },
    finish: () => leaveAll(ctx, SHARED_ROOM),
  };
}

/**
 * Artifacts over HTTP, one request at a time or a few in flight (one member and task each).
 * Downloads run first, on a store of one blob; chunks are read by `_id`, so on the embedded
 * (patched) FerretDB a download's cost does not grow with the store. Each phase says what the store held.
 */
function artifactPhases(ctx: PhaseContext): Phase[] {
  const traffic = new ArtifactTraffic(ctx.bench, ctx.artifactBytes, ctx.timeoutMs);
  const size = `${+(ctx.artifactBytes / MIB).toFixed(3)} MiB`;
  const shape = (parallel: boolean) => ({
    workers: parallel ? ctx.artifactParallel : 1,
    inFlight: 1,
    maxOps: ctx.artifactCount,
    warmupOps: 1,
    bytesPerOp: ctx.artifactBytes,
    note: () => traffic.storeNote(),
  });
  const download = (parallel: boolean): Phase => ({
    key: parallel ? 'download-par' : 'download',
    title: `GET /api/artifacts/<sha> ${size}, ${parallel ? ctx.artifactParallel : 1} in flight`,
    kind: 'http',
    ...shape(parallel),
    prepare: async () => {
      try {
        await traffic.ensureStored(1);
      } finally {
        traffic.cleanup();
      }
    },
    op: (w) => traffic.download(w),
  });
  const upload = (parallel: boolean): Phase => ({
    key: parallel ? 'upload-par' : 'upload',
    title: `POST /api/artifacts ${size}, ${parallel ? ctx.artifactParallel : 1} in flight`,
    kind: 'http',
    ...shape(parallel),
    prepare: () => traffic.prepare(),
    op: async (w) => void (await traffic.upload(w)),
    finish: async () => traffic.cleanup(),
  });
  return [download(false), download(true), upload(false), upload(true)];
}

export function buildPhases(ctx: PhaseContext): Phase[] {
  return [
    echoPhase(ctx),
    rawPhase(ctx),
    chatPhase(ctx, false),
    chatPhase(ctx, true),
    {
      key: 'tasks',
      title: `/tasks --sprint (read-only)`,
      kind: 'hub',
      op: async (w) => expectOk(await client(ctx, w).send(taskRoomOf(w), `/tasks --sprint=${BENCH_SPRINT}`)),
    },
    notePhase(ctx, false),
    notePhase(ctx, true),
    parcelPhase(ctx),
    storePhase(ctx, false),
    storePhase(ctx, true),
    joinPhase(ctx),
    ...artifactPhases(ctx),
    ...floodPhases(ctx),
    analyticsPhase(ctx),
  ];
}

/**
 * `/analytics` over the full path once 12 weeks of history are stored (10,000 tasks, 100,000
 * activity lines, the day documents): it reads day documents, one sprint's tasks and the tasks
 * waiting in each status, never the history, so its time should not follow the history's size.
 */
function analyticsPhase(ctx: PhaseContext): Phase {
  let seeded = '';
  return {
    key: 'analytics',
    title: `/analytics over ${ANALYTICS_TASKS} tasks, ${ANALYTICS_ACTIVITIES} activities`,
    kind: 'hub',
    workers: 1,
    inFlight: 1,
    warmupOps: 2,
    prepare: async () => {
      const started = performance.now();
      let last = performance.now();
      const { dayDocs } = await seedAnalyticsHistory(ctx.db, (what) => {
        const now = performance.now();
        console.log(`  analytics history: ${what} (${((now - last) / 1000).toFixed(1)} s)`);
        last = now;
      });
      seeded = `seeded in ${((performance.now() - started) / 1000).toFixed(1)} s, ${dayDocs} day documents`;
    },
    op: async (w) => expectOk(await client(ctx, w).send(taskRoomOf(w), '/analytics')),
    note: () => seeded,
  };
}
