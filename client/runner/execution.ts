import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { RunWire } from '../../protocol/index.js';
import { OutputStream, type SendBatch } from './output-stream.js';
import { bwrapArgs, limitArgs, plainArgs, type RunLimitsSpec } from './sandbox.js';

const GUARD = fileURLToPath(new URL('./guard.js', import.meta.url));

export type Ended = 'exited' | 'timed_out' | 'cancelled' | 'failed_to_start';

export interface ExecutionResult {
  ended: Ended;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  truncated: boolean;
  workspace: string;
}

export interface ExecutionOptions {
  run: RunWire;
  workspaces: string;
  sandbox: 'bwrap' | 'none';
  limits: RunLimitsSpec;
  /** The user the sandbox runs as (when the runner is root): one with no other processes. */
  user?: { uid: number; gid: number };
  outputLimit: number;
  send: SendBatch;
  /** Extra environment for the command (agent dispatch). */
  env?: Record<string, string>;
  /** Fills the fresh workspace before the command starts (inputs); a failure ends the run unstarted. */
  prepare?: (workspace: string, owner: { uid: number; gid: number } | undefined) => Promise<void>;
  /** Host folders the sandbox may read (--expose). */
  expose?: string[];
  /** Called when the command's first byte arrives, before any batching (benchmarks). */
  onFirstByte?: () => void;
}

/**
 * One run: a fresh workspace, the command under bubblewrap and prlimit behind a guard process
 * (guard.ts) whose stdin is this runner's lifeline, its output streamed in batches, its wall
 * time enforced. `stop` ends it early (cancel); the runner dying ends it too.
 */
export class Execution {
  readonly workspace: string;
  private guard: ChildProcess | null = null;
  private ended: Ended | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ExecutionOptions) {
    this.workspace = join(o.workspaces, o.run.id);
  }

  get id(): string {
    return this.o.run.id;
  }

  async start(): Promise<ExecutionResult> {
    const started = Date.now();
    const out = new OutputStream(this.o.send, this.o.outputLimit);
    // The sandbox's user must pass through the workspaces folder (not list it) to reach its own.
    mkdirSync(this.o.workspaces, { recursive: true, mode: 0o711 });
    if (this.o.user) chmodSync(this.o.workspaces, statSync(this.o.workspaces).mode | 0o111);
    mkdirSync(this.workspace, { recursive: true, mode: 0o700 });
    if (this.o.user) chownSync(this.workspace, this.o.user.uid, this.o.user.gid);
    if (this.o.prepare) {
      try {
        await this.o.prepare(this.workspace, this.o.user);
      } catch (err) {
        out.write(`[switchboard: the inputs could not be fetched: ${(err as Error).message}]\n`);
        await out.close();
        return { ended: 'failed_to_start', exitCode: null, signal: null, durationMs: Date.now() - started, truncated: out.truncated, workspace: this.workspace };
      }
    }
    if (this.o.sandbox === 'none') out.write('[switchboard: this runner has no sandbox (--sandbox=none): the command runs with the runner\'s own rights]\n');
    const env = { SWITCHBOARD_RUN: this.o.run.id, SWITCHBOARD_TASK: this.o.run.task, ...this.o.env };
    const spec = { command: this.o.run.command, workspace: this.workspace, network: this.o.run.network, env, limits: this.o.limits, expose: this.o.expose };
    const argv = [...limitArgs(this.o.limits), ...(this.o.sandbox === 'bwrap' ? bwrapArgs(spec) : plainArgs(spec))];
    const guardSpec = {
      argv,
      env: this.o.sandbox === 'bwrap' ? { PATH: '/usr/bin:/bin' } : { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: this.workspace, ...env },
      cwd: this.workspace,
      ...(this.o.user ?? {}),
    };
    const guard = spawn(process.execPath, [GUARD, JSON.stringify(guardSpec)], { detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    this.guard = guard;
    for (const stream of [guard.stdout!, guard.stderr!]) {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (d: Buffer) => {
        if (this.o.onFirstByte) this.o.onFirstByte = void this.o.onFirstByte();
        out.write(decoder.write(d));
      });
      stream.on('end', () => out.write(decoder.end()));
    }
    let status = '';
    (guard.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (status += d.toString()));
    this.timer = setTimeout(() => this.stop('timed_out'), this.o.run.timeoutMs);
    const exited = new Promise<void>((resolve) => guard.on('close', () => resolve()));
    guard.on('error', () => undefined);
    await exited;
    if (this.timer) clearTimeout(this.timer);
    const reported = status ? (JSON.parse(status.split('\n')[0]!) as { code: number | null; signal: string | null; error?: string }) : null;
    if (reported?.error) out.write(`[switchboard: the command could not start: ${reported.error}]\n`);
    if (this.ended === 'timed_out') out.write(`\n[switchboard: stopped after its timeout of ${Math.round(this.o.run.timeoutMs / 1000)}s]\n`);
    await out.close();
    const ended: Ended = this.ended ?? (reported?.error ? 'failed_to_start' : 'exited');
    return {
      ended,
      exitCode: ended === 'exited' ? (reported?.code ?? null) : null,
      signal: ended === 'exited' ? (reported?.signal ?? (reported ? null : 'SIGKILL')) : null,
      durationMs: Date.now() - started,
      truncated: out.truncated,
      workspace: this.workspace,
    };
  }

  /** Ends the run now: the guard's lifeline is cut (it kills its group), and the group is killed from here too. */
  stop(why: 'cancelled' | 'timed_out'): void {
    if (this.ended || !this.guard) return;
    this.ended = why;
    this.guard.stdin?.destroy();
    try {
      process.kill(-this.guard.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
