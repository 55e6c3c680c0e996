import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { sprintRoom, taskRoom } from '../../protocol/index.js';
import type { Database } from '../../server/db/connect.js';
import type { ActivityDoc } from '../../server/db/models/activity.js';
import { startHub } from '../../server/hub.js';
import { NO_RATE_LIMITS } from '../../server/services/rate-limits.js';
import { feedKeyFor, feedsOf } from '../../server/services/activity-feed.js';
import { monthOf } from '../../server/services/inbox.js';
import { messageKeyFor } from '../../server/services/message-ids.js';
import { openBenchDatabase } from './database.js';

/** Tasks per sprint, as teams plan them. */
const SPRINT_SIZE = 40;
/** The newest sprints are the active ones; the rest are history. */
const ACTIVE_SPRINTS = 3;
const BATCH = 1000;
/** Characters in the context of the one task with a long one (the limit is 256 KiB): notes pile up on long-running tasks. */
const LONG_CONTEXT_CHARS = 240 * 1024;
const DAY = 86_400_000;

const pad = (n: number, w = 5) => String(n).padStart(w, '0');
const sprintCode = (i: number) => `S-${pad(i, 4)}`;
const taskCode = (i: number) => `T-${pad(i)}`;

interface Seeded {
  tasks: number;
  sprints: number;
  activeTasks: string[];
  /** An active task whose context holds LONG_CONTEXT_CHARS, timed on its own. */
  longContextTask: string;
  activeSprints: string[];
  documents: number;
}

/**
 * A project of `size` tasks as months of work leave it, written straight into the database in
 * bulk (the hub would take minutes to make it command by command): sprints of 40, all but the
 * newest finished; each task with notes in its context, three activity entries (in every feed
 * they belong to), a parcel to the project's agent, and three messages in its room.
 */
async function seed(db: Database, size: number, admin: { id: string; name: string }, agent: string): Promise<Seeded> {
  const m = db.models;
  const now = Date.now();
  const sprints = Math.ceil(size / SPRINT_SIZE);
  const actor = { id: admin.id, name: admin.name, kind: 'person' as const };
  const docs: Record<string, Record<string, unknown>[]> = { sprints: [], tasks: [], activities: [], activity_feed: [], parcels: [], messages: [], counters: [] };
  const feedTops = new Map<string, number>();
  const at = (i: number) => new Date(now - (size - i) * (180 * DAY) / size);
  for (let s = 0; s < sprints; s++) {
    const active = s >= sprints - ACTIVE_SPRINTS;
    docs.sprints!.push({ code: sprintCode(s), title: `Sprint ${s}`, status: active ? 'active' : 'completed', createdBy: admin.name, createdAt: at(s * SPRINT_SIZE), updatedAt: at(s * SPRINT_SIZE) });
  }
  const activeTasks: string[] = [];
  for (let i = 0; i < size; i++) {
    const s = Math.floor(i / SPRINT_SIZE);
    const active = s >= sprints - ACTIVE_SPRINTS;
    const code = taskCode(i);
    const created = at(i);
    if (active) activeTasks.push(code);
    const status = active ? (['todo', 'in_progress', 'review', 'completed'] as const)[i % 4] : 'completed';
    docs.tasks!.push({
      code, title: `Task ${i}`, sprint: sprintCode(s), status, priority: 'medium', assignee: i % 10 === 0 ? agent : null,
      context: `Spec for task ${i}.\n[${created.toISOString()}] @admin: first note\n[${created.toISOString()}] @admin: second note`,
      summary: status === 'completed' ? 'done' : '', claimedBy: null, claimed: false, leaseUntil: null, leaseMs: null, rev: 0,
      startedAt: status === 'todo' ? null : created, completedAt: status === 'completed' ? created : null, createdBy: admin.name, createdAt: created, updatedAt: created,
    });
    for (const [type, text] of [['task.created', `created task ${code}`], ['task.note', `noted on ${code}`], ['task.status', `moved ${code}`]] as const) {
      const entry: ActivityDoc = { _id: new Types.ObjectId(), type, actor, text, task: code, sprint: sprintCode(s), createdAt: created };
      docs.activities!.push(entry as unknown as Record<string, unknown>);
      for (const feed of feedsOf(entry)) {
        const seq = (feedTops.get(feed) ?? 0) + 1;
        feedTops.set(feed, seq);
        docs.activity_feed!.push({ _id: feedKeyFor(feed, seq), feed, seq, entry });
      }
    }
    docs.parcels!.push({
      from: actor, to: agent, subject: `About ${code}`, body: 'Please look.', kind: 'message', task: code, attachments: [], attachmentShas: [],
      replyTo: null, threadId: new Types.ObjectId(), status: i >= size - 20 ? 'queued' : 'read', redactions: 0, createdAt: created, month: monthOf(created), deliveredAt: null, readAt: null,
    });
    const room = taskRoom(code);
    for (let seq = 1; seq <= 3; seq++) {
      docs.messages!.push({
        _id: messageKeyFor(room, seq), room, seq, kind: 'chat', sender: actor, text: `line ${seq} in ${code}`, clientId: `seed-${code}-${seq}`,
        replyTo: null, result: null, meta: null, createdAt: created,
      });
    }
    docs.counters!.push({ _id: room, seq: 3 });
  }
  for (const [feed, seq] of feedTops) docs.counters!.push({ _id: `activity/${feed}`, seq });
  const longContextTask = activeTasks.pop()!;
  const long = docs.tasks!.find((t) => t.code === longContextTask)!;
  long.context = `${long.context}\n\n${'[2026-01-01 00:00] @admin: a note of the kind that piles up on a long-running task\n\n'.repeat(LONG_CONTEXT_CHARS / 80)}`.slice(0, LONG_CONTEXT_CHARS);
  let documents = 0;
  for (const [name, list] of Object.entries(docs)) {
    for (let i = 0; i < list.length; i += BATCH) await db.conn.db!.collection(name).insertMany(list.slice(i, i + BATCH), { ordered: false });
    documents += list.length;
  }
  return { tasks: size, sprints, activeTasks, longContextTask, activeSprints: docs.sprints!.slice(-ACTIVE_SPRINTS).map((s) => String(s.code)), documents };
}

interface Timing {
  p50: number;
  p95: number;
}

async function time(iterations: number, op: (i: number) => Promise<unknown>): Promise<Timing> {
  await op(0); // the first of each kind warms caches and prepared statements
  const ms: number[] = [];
  for (let i = 1; i <= iterations; i++) {
    const t = performance.now();
    await op(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

export const SCALE_OPERATIONS = ['/task-note', '/task-note, 240 KiB context', '/task-detail', '/tasks --sprint --limit=20', '/dashboard', '/messages-check', 'room:join'] as const;
type Operation = (typeof SCALE_OPERATIONS)[number];

export interface ScaleRun {
  size: number;
  seeded: Seeded;
  seedSeconds: number;
  timings: Record<Operation, Timing>;
}

/** Seeds a fresh database with `size` tasks, then times each everyday operation from one client. */
export async function runScale(size: number, iterations: number): Promise<ScaleRun> {
  const database = await openBenchDatabase();
  // Timed one request at a time: limits off, as for the other phases.
  const hub = await startHub({ db: database.db, port: 0, host: '127.0.0.1', rateLimits: NO_RATE_LIMITS });
  const clients: SwitchboardClient[] = [];
  try {
    const adminToken = `sbt_scale_${randomBytes(12).toString('hex')}`;
    await hub.services.tokens.ensureAdminToken(adminToken);
    const admin = await SwitchboardClient.connect(hub.url, adminToken);
    clients.push(admin);
    const agentToken = (await admin.command('/token-create @scale-agent --kind=agent', 'agent:admin')).data;
    const adminDoc = (await database.db.models.principals.findOne({ name: 'admin' }).lean())!;
    const t0 = performance.now();
    const seeded = await seed(database.db, size, { id: String(adminDoc._id), name: 'admin' }, 'scale-agent');
    const seedSeconds = (performance.now() - t0) / 1000;
    const agent = await SwitchboardClient.connect(hub.url, agentToken.token);
    clients.push(agent);
    const task = (i: number) => seeded.activeTasks[(i * 7) % seeded.activeTasks.length]!;
    const ok = async (p: Promise<{ ok: boolean }>) => {
      const ack = await p;
      if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
    };
    const timings = {} as Record<Operation, Timing>;
    timings['/task-note'] = await time(iterations, (i) => ok(admin.send('lobby', `/task-note ${task(i)} "bench note ${i}"`)));
    timings['/task-note, 240 KiB context'] = await time(iterations, (i) => ok(admin.send('lobby', `/task-note ${seeded.longContextTask} "bench note ${i}"`)));
    timings['/task-detail'] = await time(iterations, (i) => ok(admin.send('lobby', `/task-detail ${task(i)}`)));
    timings['/tasks --sprint --limit=20'] = await time(iterations, (i) => ok(admin.send('lobby', `/tasks --sprint=${seeded.activeSprints[i % ACTIVE_SPRINTS]} --limit=20`)));
    timings['/dashboard'] = await time(iterations, () => ok(admin.send('lobby', '/dashboard')));
    timings['/messages-check'] = await time(iterations, () => ok(agent.send('agent:scale-agent', '/messages-check')));
    timings['room:join'] = await time(iterations, (i) => admin.join(i % 2 ? taskRoom(task(i)) : sprintRoom(seeded.activeSprints[0]!)));
    return { size, seeded, seedSeconds, timings };
  } finally {
    for (const c of clients) c.close();
    await hub.close();
    await database.close();
  }
}

/** The growth table: p50 and p95 at each size and the ratio of p50s. */
export function scaleTable(small: ScaleRun, large: ScaleRun): string {
  const f = (n: number) => `${n.toFixed(1)} ms`;
  const rows = SCALE_OPERATIONS.map((op) => {
    const a = small.timings[op];
    const b = large.timings[op];
    return `| \`${op}\` | ${f(a.p50)} | ${f(a.p95)} | ${f(b.p50)} | ${f(b.p95)} | x${(b.p50 / a.p50).toFixed(2)} |`;
  });
  return [
    `| operation | p50 @ ${small.size} tasks | p95 @ ${small.size} | p50 @ ${large.size} tasks | p95 @ ${large.size} | p50 growth |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Sizes and repetitions of the scale phase (BENCH_SCALE_SIZES=100,10000, BENCH_SCALE_ITERATIONS=30). */
export function scaleSettings(env: NodeJS.ProcessEnv): { sizes: [number, number]; iterations: number } {
  const sizes = (env.BENCH_SCALE_SIZES ?? '100,10000').split(',').map(Number);
  const iterations = Number(env.BENCH_SCALE_ITERATIONS ?? 30);
  if (sizes.length !== 2 || !sizes.every((n) => Number.isInteger(n) && n > 0) || !(iterations > 0)) {
    throw new Error('BENCH_SCALE_SIZES takes two task counts (like 100,10000) and BENCH_SCALE_ITERATIONS a positive number');
  }
  return { sizes: sizes as [number, number], iterations };
}

/** Runs both sizes and prints what was seeded and the growth table. */
export async function printScale(env: NodeJS.ProcessEnv): Promise<void> {
  const { sizes, iterations } = scaleSettings(env);
  const runs: ScaleRun[] = [];
  for (const size of sizes) {
    const run = await runScale(size, iterations);
    console.error(`  scale: ${size} tasks seeded (${run.seeded.documents} documents in ${run.seedSeconds.toFixed(1)} s), timed`);
    runs.push(run);
  }
  console.log(
    `\nScale: one client, each operation ${iterations} times after one warm-up, on a project of ${sizes[0]} and of ${sizes[1]} tasks (sprints of ${SPRINT_SIZE},` +
      ` ${ACTIVE_SPRINTS} active; per task 3 activity entries, a parcel to the agent, 3 messages in its room; 180 days of history):`,
  );
  console.log(scaleTable(runs[0]!, runs[1]!));
}
