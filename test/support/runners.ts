import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { FINISHED_RUN_STATUSES, type RunWire } from '../../protocol/index.js';
import { DEFAULT_RUNNER, Runner, type RunnerOptions } from '../../client/runner/runner.js';
import { runToWire } from '../../server/services/runs/run-wire.js';
import type { TestHub } from './hub.js';
import { eventually } from './wait.js';

/** A runner in this process, with its own workspaces folder and sandbox users from `sandboxUid`. */
export async function startRunner(t: TestHub, name: string, options: Partial<RunnerOptions> = {}): Promise<Runner> {
  const workspaces = mkdtempSync(join(tmpdir(), `sb-runs-${name}-`));
  const runner = new Runner({
    ...DEFAULT_RUNNER,
    hub: t.url,
    token: await t.tokenFor(name, 'agent'),
    workspaces,
    heartbeatMs: 200,
    ...options,
  });
  await runner.start();
  // Its workspaces folder goes with it.
  const close = runner.close.bind(runner);
  runner.close = async () => {
    await close();
    rmSync(workspaces, { recursive: true, force: true });
  };
  return runner;
}

/** The run as stored, once it ended (or fails naming the status it was stuck in). */
export async function runEnded(t: TestHub, id: string, ms = 15_000): Promise<RunWire> {
  await eventually(async () => {
      const doc = await t.db.models.runs.findOne({ _id: id }).lean();
      return Boolean(doc && FINISHED_RUN_STATUSES.includes(doc.status));
    }, { what: `run ${id} ended`, ms: ms }).catch(async (err: Error) => {
    const doc = await t.db.models.runs.findOne({ _id: id }).lean();
    throw new Error(`${err.message}: it is ${doc?.status ?? 'missing'}`);
  });
  return runToWire((await t.db.models.runs.findOne({ _id: id }).lean())!);
}

/** Processes whose real uid is one of `uids` (read from /proc): what a sandbox left behind. */
export function processesOf(uids: number[]): { pid: number; uid: number; cmd: string }[] {
  const found: { pid: number; uid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (!uids.includes(uid)) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      found.push({ pid: Number(entry), uid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Waits until no process of the sandbox uids is left, or fails naming those that are. A killed
 * sandbox is gone at once on a quiet machine; under load its exit can take seconds.
 */
export async function noSandboxLeft(uids: number[], ms = 20_000): Promise<void> {
  await eventually(() => {
    const left = processesOf(uids);
    if (left.length) throw new Error(`sandbox processes left after ${ms} ms: ${left.map((p) => `${p.pid} (uid ${p.uid}) ${p.cmd}`).join('; ')}`);
  }, { ms, everyMs: 50 });
}

/** Processes whose command line contains `marker` (a run's own words), any user. */
export function processesRunning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
