/**
 * `npm run bench`: N SDK clients drive the hub over real socket.io (socket -> router ->
 * database -> room broadcast) and the figures are set against the two limits around it: a bare
 * socket.io ack echo server, and raw driver inserts into the same database. Prints figures only;
 * nothing here passes or fails on speed.
 */
import { performance } from 'node:perf_hooks';
import { redactUri } from '../server/db/connect.js';
import { openBenchDatabase, type BenchDatabase } from './bench/database.js';
import { ANALYTICS_SEED_BUDGET_MS } from './bench/analytics-history.js';
import { DbCallCounter } from './bench/db-calls.js';
import { FLOOD_IN_FLIGHT, floodNote } from './bench/flood.js';
import { log } from '../server/logger.js';
import { runLoad } from './bench/load.js';
import { OptionsError, effectiveFlags, parseOptions, usage, type BenchOptions } from './bench/options.js';
import { PHASE_KEYS, buildPhases, type Phase } from './bench/phases.js';
import { artifactNote, dbCallsBreakdown, machineNote, mibPerSecond, perSecond, ratiosTable, resultsTable, stepsTable, writePathNote, type PhaseRow } from './bench/report.js';
import { IDLE_BUDGET_MS, printIdle } from './bench/idle.js';
import { printScale } from './bench/scale.js';
import { printRuns } from './bench/runs.js';
import { startBenchHub, type BenchHub } from './bench/setup.js';

const MB = 1024 * 1024;
const memory = () => {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
};

/** The invocation as typed, with the environment that shaped it. */
function invocation(): string {
  const env = Object.entries(process.env)
    .filter(([k, v]) => (k.startsWith('BENCH_') || k === 'MONGODB_URI') && v)
    .map(([k, v]) => `${k}=${k === 'MONGODB_URI' ? redactUri(v!) : v}`);
  return [...env, 'node', 'dist/scripts/bench.js', ...process.argv.slice(2)].join(' ');
}

async function runPhase(phase: Phase, options: BenchOptions, bench: BenchHub, counter: DbCallCounter, database: BenchDatabase): Promise<PhaseRow> {
  const plan = {
    workers: phase.workers ?? options.clients,
    inFlight: phase.inFlight ?? options.concurrency,
    maxOps: Math.min(phase.maxOps ?? options.maxOps, options.maxOps),
    timeoutMs: options.timeoutMs,
    op: phase.op,
  };
  await phase.prepare?.();
  try {
    if (options.warmup > 0) await runLoad({ ...plan, seconds: options.warmup, maxOps: Math.min(phase.warmupOps ?? plan.maxOps, plan.maxOps) });
    counter.take();
    phase.timings?.reset();
    const receivedBefore = bench.received();
    const result = await runLoad({ ...plan, seconds: options.seconds });
    const db = counter.take();
    const received = bench.received() - receivedBefore;
    // Native driver, so the hub's call count stays the hub's. Every phase adds history, and on the
    // embedded FerretDB a lookup that misses reads the whole collection, so later phases pay more.
    const storedMessages = await database.db.conn.db!.collection('messages').estimatedDocumentCount();
    const steps = phase.timings?.sorted() ?? [];
    return { key: phase.key, title: phase.title, kind: phase.kind, result, db, received, storedMessages, bytesPerOp: phase.bytesPerOp ?? null, steps, note: phase.note?.() ?? null, ...memory() };
  } finally {
    await phase.finish?.();
  }
}

async function main(): Promise<number> {
  // The hub runs in this process: its per-command log lines would bury the figures.
  log.level = process.env.LOG_LEVEL ?? 'warn';
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2), process.env, [...PHASE_KEYS, 'scale', 'runs', 'idle']);
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    console.error(`bench: ${err.message}\n${usage([...PHASE_KEYS, 'scale', 'runs', 'idle'])}`);
    return 2;
  }
  if (options === 'help') {
    console.log(usage([...PHASE_KEYS, 'scale', 'runs', 'idle']));
    return 0;
  }
  const opts = options;
  const t0 = performance.now();
  const selected = PHASE_KEYS.filter((k) => !opts.only || opts.only.has(k));
  // A hard bound on the whole run, whatever hangs: every phase, its warm-up, one request timeout, and set-up.
  const boundMs = selected.length * ((opts.seconds + opts.warmup) * 1000 + opts.timeoutMs + 5000) + 60_000 + (!opts.only || opts.only.has('scale') ? 600_000 : 0) + (!opts.only || opts.only.has('runs') ? 120_000 : 0) + (!opts.only || opts.only.has('idle') ? IDLE_BUDGET_MS : 0) + (selected.includes('analytics') ? ANALYTICS_SEED_BUDGET_MS : 0);
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${Math.round(boundMs / 1000)} s; giving up.`);
    process.exit(1);
  }, boundMs);
  watchdog.unref();

  let database: BenchDatabase | null = null;
  let bench: BenchHub | null = null;
  let counter: DbCallCounter | null = null;
  const stop = async () => {
    counter?.stop();
    await bench?.close().catch((err) => console.error(`bench: closing the hub: ${(err as Error).message}`));
    await database?.close().catch((err) => console.error(`bench: closing the database: ${(err as Error).message}`));
    bench = null;
    database = null;
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(
      `Switchboard bench: ${opts.clients} clients x ${opts.concurrency} in flight, ${opts.seconds} s per phase (+${opts.warmup} s warm-up), at most ${opts.maxOps} ops per phase`,
    );
    const rows: PhaseRow[] = [];
    // `--only=scale`, `runs` or `idle`: those phases bring their own databases and servers.
    if (selected.length) {
      database = await openBenchDatabase();
      console.log(`database: ${database.label}`);
      bench = await startBenchHub(database.db, opts.clients, opts.timeoutMs);
      counter = new DbCallCounter(database.db.conn);
      const setupMem = memory();
      console.log(
        `hub: ${bench.hub.url}, in this process with the clients; set-up through commands (1 sprint, ${opts.clients} tasks, ${opts.clients} member tokens) ` +
          `took ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${(setupMem.rssBytes / MB).toFixed(0)} MB, heap ${(setupMem.heapUsedBytes / MB).toFixed(0)} MB`,
      );

      const phases = buildPhases({
        bench,
        db: database.db,
        clients: opts.clients,
        timeoutMs: opts.timeoutMs,
        artifactBytes: Math.round(opts.artifactMib * MB),
        artifactCount: opts.artifactCount,
        artifactParallel: opts.artifactParallel,
      }).filter((p) => selected.includes(p.key as (typeof PHASE_KEYS)[number]));
      for (const phase of phases) {
        const row = await runPhase(phase, opts, bench, counter, database);
        rows.push(row);
        const mib = mibPerSecond(row);
        console.error(`  ${phase.key}: ${row.result.ok} ok, ${row.result.errors} errors, ${Math.round(perSecond(row))} ops/s${mib === null ? '' : `, ${mib.toFixed(1)} MiB/s`}`);
      }
    }
    await stop();

    if (rows.length) {
      console.log('');
      console.log(resultsTable(rows));
    }
    const ratios = ratiosTable(rows);
    if (ratios) {
      console.log('\nRatios (hub = the phase on the left; echo = bare socket.io ack server; raw = driver insertOne, same concurrency):');
      console.log(ratios);
    }
    const calls = dbCallsBreakdown(rows);
    if (calls) console.log(`\nDatabase calls per operation (mongoose, hub side):\n${calls}`);
    const write = writePathNote(rows);
    if (write) console.log(`\nWrite path (MessageStore coalesces per room: one counter $inc and one insertMany per burst):\n${write}`);
    const steps = stepsTable(rows);
    if (steps) console.log(`\nInside each operation (parcels: member i -> its own agent i, ${opts.clients} pairs; the agent acks each parcel:new at once):\n${steps}`);
    const artifacts = artifactNote(rows);
    if (artifacts) {
      console.log(
        '\nArtifacts over HTTP (member bearer token; multipart `file` streamed from a temp file, distinct random bytes each, answered sha256 checked;\n' +
          ` downloads streamed and counted, one per phase hashed; ${opts.artifactCount} requests per phase at most, MiB = 2^20 bytes;\n` +
          ' chunks are read by _id, an index lookup on the embedded (patched) FerretDB, so download MiB/s does not depend on the store size;\n' +
          ' db calls/op above count mongoose calls only, not GridFS\'s chunk reads and writes):\n' +
          artifacts,
      );
    }
    const flood = floodNote(rows);
    if (flood) console.log(`\nFlood (one bot with ${FLOOD_IN_FLIGHT} sends in flight on a hub of its own per phase, or the crowd of bench members on the bench hub, against one person sending one message at a time):\n${flood}`);
    // Its own databases, seeded at two sizes: after the others, which share one hub.
    if (!opts.only || opts.only.has('scale')) await printScale(process.env);
    if (!opts.only || opts.only.has('runs')) await printRuns();
    // Servers of its own in child processes, so the memory it reads is theirs alone.
    if (!opts.only || opts.only.has('idle')) await printIdle(opts.idleSockets, opts.timeoutMs);
    const failed = rows.filter((r) => r.result.errors > 0);
    if (failed.length) {
      console.log(`\nErrors (first of each phase):\n${failed.map((r) => `  ${r.title}: ${r.result.errors} x ${r.result.firstError}`).join('\n')}`);
    }
    console.log('\nok/err = requests answered/failed in the measured window; latency is send -> ack (HTTP: request -> whole answer read); recv/s = chat:message events the bench clients got;');
    if (rows.length) console.log('RSS/heap = this whole process (hub, clients, echo server) after the phase; the database server is a separate process.');
    console.log(`\ncommand: ${invocation()}`);
    console.log(`  (same as: node dist/scripts/bench.js ${effectiveFlags(opts)})`);
    console.log(`machine: ${machineNote()}`);
    console.log(`total: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } catch (err) {
    // Where it failed matters more than the message (a timeout says nothing of which request).
    console.error(`bench: ${(err as Error).stack ?? (err as Error).message}`);
    await stop();
    return 1;
  } finally {
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
