import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { Execution } from '../../client/runner/execution.js';
import { DEFAULT_RUN_LIMITS, probeBwrap } from '../../client/runner/sandbox.js';
import { FINISHED_RUN_STATUSES, type RunOutputChunk, type RunWire } from '../../protocol/index.js';
import { startHub } from '../../server/hub.js';
import { NO_RATE_LIMITS } from '../../server/services/rate-limits.js';
import { openBenchDatabase } from './database.js';

const CLI = fileURLToPath(new URL('../../client/cli/main.js', import.meta.url));
const STARTS = 20;
const FLOOD_LINES = 400_000;
const STAMPS = 150;
const SANDBOX_UID = 63000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const user = () => (process.getuid?.() === 0 ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : undefined);

/** Spawn to the first byte of output, `n` times, with and without bwrap (no hub: the sandbox alone). */
async function startOverhead(sandbox: 'bwrap' | 'none'): Promise<number[]> {
  const workspaces = mkdtempSync(join(tmpdir(), 'sb-bench-starts-'));
  const times: number[] = [];
  try {
    for (let i = 0; i < STARTS; i++) {
      const run = { id: `R-BENCH${String(i).padStart(2, '0')}`.slice(0, 8), task: 'T-BENCH', command: 'echo x', network: false, timeoutMs: 10_000 } as RunWire;
      let first = 0;
      const started = performance.now();
      const execution = new Execution({
        run,
        workspaces,
        sandbox,
        limits: DEFAULT_RUN_LIMITS,
        user: user(),
        outputLimit: 1024 * 1024,
        send: async () => undefined,
        onFirstByte: () => (first = performance.now()),
      });
      await execution.start();
      times.push((first || performance.now()) - started);
      rmSync(join(workspaces, run.id), { recursive: true, force: true });
    }
  } finally {
    rmSync(workspaces, { recursive: true, force: true });
  }
  return times;
}

/**
 * Runs through a real hub and a runner in a process of its own (the CLI), watched by a client:
 * output throughput (lines/s reaching the client), latency (a line's write inside the sandbox to
 * its arrival; the batching window is 100 ms by design), and the hub process's event-loop delay
 * while a run floods. The hub and the watching client share this process.
 */
export async function printRuns(): Promise<void> {
  console.log('\nRuns (sandboxed commands streamed to a watching client):');
  const problem = await probeBwrap(5000, user());
  if (problem) {
    console.log(`  skipped: ${problem}`);
    return;
  }
  const bwrap = await startOverhead('bwrap');
  const plain = await startOverhead('none');
  console.log(`  sandbox start, spawn -> first byte (${STARTS} runs, guard + prlimit [+ bwrap]): bwrap p50 ${pct(bwrap, 50).toFixed(1)} ms, p90 ${pct(bwrap, 90).toFixed(1)} ms; without bwrap p50 ${pct(plain, 50).toFixed(1)} ms`);

  const database = await openBenchDatabase();
  const hub = await startHub({ db: database.db, port: 0, host: '127.0.0.1', rateLimits: NO_RATE_LIMITS, dueCheckMs: 1000 });
  const adminToken = `sbt_bench_${randomBytes(12).toString('hex')}`;
  await hub.services.tokens.ensureAdminToken(adminToken);
  const admin = await SwitchboardClient.connect(hub.url, adminToken);
  const workspaces = mkdtempSync(join(tmpdir(), 'sb-bench-runs-'));
  const runnerToken = (await admin.command('/token-create @bench-runner --kind=agent', 'agent:admin')).data.token;
  const runner = spawn(process.execPath, [CLI, 'runner', '--hub', hub.url, '--token', runnerToken, '--slots=1', `--workspaces=${workspaces}`, `--sandbox-uid=${SANDBOX_UID + 10}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  runner.stderr!.on('data', (d: Buffer) => (said += d.toString()));
  try {
    for (let i = 0; i < 200 && !said.includes('is a runner'); i++) await new Promise((r) => setTimeout(r, 50));
    await admin.command('/sprints-create S-BENCH-RUNS --title="Runs"');
    await admin.command('/task-create T-BENCH-RUNS --title="Runs" --sprint=S-BENCH-RUNS');
    await admin.join('task:T-BENCH-RUNS');
    const ended = (id: string) =>
      new Promise<void>((resolve) => {
        const check = async () => {
          const doc = await database.db.models.runs.findOne({ _id: id }).lean();
          if (doc && FINISHED_RUN_STATUSES.includes(doc.status)) resolve();
          else setTimeout(() => void check(), 50);
        };
        void check();
      });

    // Throughput and event-loop delay while one run floods.
    let lines = 0;
    let firstAt = 0;
    let lastAt = 0;
    const onFlood = (c: RunOutputChunk) => {
      const now = performance.now();
      if (!firstAt) firstAt = now;
      lastAt = now;
      for (let i = 0; i < c.data.length; i++) if (c.data.charCodeAt(i) === 10) lines++;
    };
    admin.on('run:output', onFlood);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const flood = (await admin.command(`/run "seq 1 ${FLOOD_LINES}" --task=T-BENCH-RUNS`)).data.run;
    await ended(flood.id);
    lag.disable();
    admin.off('run:output', onFlood);
    const seconds = (lastAt - firstAt) / 1000;
    console.log(`  output throughput: \`seq 1 ${FLOOD_LINES}\` reached the client in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} lines/s (${lines} lines received, first batch to last)`);
    console.log(`  hub event-loop delay during the flood (hub + watching client in this process): p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);

    // Latency: each line is the time it was written (ns since the epoch; the sandbox shares the clock).
    const latencies: number[] = [];
    const onStamp = (c: RunOutputChunk) => {
      const now = performance.timeOrigin + performance.now();
      for (const line of c.data.split('\n')) if (/^\d{19}$/.test(line)) latencies.push(now - Number(BigInt(line) / 1000n) / 1000);
    };
    admin.on('run:output', onStamp);
    const stamps = (await admin.command(`/run "for i in $(seq 1 ${STAMPS}); do date +%s%N; sleep 0.013; done" --task=T-BENCH-RUNS`)).data.run;
    await ended(stamps.id);
    admin.off('run:output', onStamp);
    console.log(`  latency, write in the sandbox -> client receives (${latencies.length} lines, one every ~15 ms): p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms (batches leave every 100 ms)`);
  } finally {
    runner.kill('SIGTERM');
    await new Promise((r) => runner.once('exit', r));
    admin.close();
    await hub.close();
    await database.close();
    rmSync(workspaces, { recursive: true, force: true });
  }
}
