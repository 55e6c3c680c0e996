import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RunLimits, agentRoom, type RunClaimAck, type RunInputLink, type RunWire, type RunnerAck } from '../../protocol/index.js';
import { fetchInputs } from './inputs.js';
import { SwitchboardClient, SwitchboardHttp } from '../sdk/index.js';
import { Execution, type ExecutionResult } from './execution.js';
import { matchOutputs } from './outputs.js';
import { DEFAULT_RUN_LIMITS, probeBwrap, type RunLimitsSpec } from './sandbox.js';

export interface RunnerOptions {
  hub: string;
  token: string;
  slots: number;
  workspaces: string;
  labels: string[];
  sandbox: 'bwrap' | 'none';
  limits: RunLimitsSpec;
  /** When the runner is root, slot i runs as uid/gid `sandboxUid + i`: users with no other processes. */
  sandboxUid: number;
  /** How often held runs' leases are renewed and queued runs looked for. */
  heartbeatMs: number;
  keepWorkspaces: boolean;
  /** Host folders every sandbox may read, at the same paths (`--expose`). */
  expose: string[];
  /** Told what the runner does, one line at a time. */
  log: (line: string) => void;
}

export const DEFAULT_RUNNER: Omit<RunnerOptions, 'hub' | 'token'> = {
  slots: 2,
  workspaces: '/tmp/switchboard-runs',
  labels: [],
  sandbox: 'bwrap',
  limits: DEFAULT_RUN_LIMITS,
  sandboxUid: 61000,
  heartbeatMs: RunLimits.leaseMs / 3,
  keepWorkspaces: false,
  expose: [],
  log: () => undefined,
};

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * `switchboard runner`: an agent principal that takes runs from the hub, as many at once as it has
 * slots, executes each in a sandbox, streams its output, keeps its files, and reports how it
 * ended. Its leases live while its heartbeats do; its sandboxes die with it.
 */
export class Runner {
  private client: SwitchboardClient | null = null;
  private readonly active = new Map<string, { execution: Execution; slot: number }>();
  private heartbeat: NodeJS.Timeout | null = null;
  private filling = false;
  private again = false;
  private closed = false;
  /** Every run's whole life, for close() to wait on. */
  private readonly lives = new Set<Promise<unknown>>();

  constructor(private readonly o: RunnerOptions) {}

  get name(): string {
    return this.client?.principal?.name ?? '';
  }

  get running(): string[] {
    return [...this.active.keys()];
  }

  /** Refuses to start without a working bwrap unless `sandbox: 'none'` was chosen. */
  async start(): Promise<void> {
    if (this.o.sandbox === 'bwrap') {
      const problem = await probeBwrap(5000, this.user(0));
      if (problem) throw new Error(`${problem}. A runner without a sandbox starts only with --sandbox=none.`);
    }
    this.client = await SwitchboardClient.connect(this.o.hub, this.o.token);
    const socket = this.client.socket;
    socket.on('hello', () => void this.register().catch((err: Error) => this.o.log(`runner:hello failed: ${err.message}`)));
    socket.on('run:available', () => this.fill());
    socket.on('run:cancel', ({ run }) => this.active.get(run)?.execution.stop('cancelled'));
    await this.register();
    this.heartbeat = setInterval(() => void this.beat(), this.o.heartbeatMs);
  }

  /** Stops taking runs, ends those under way (reported cancelled), and disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const { execution } of this.active.values()) execution.stop('cancelled');
    await Promise.allSettled([...this.lives]);
    this.client?.close();
  }

  private async register(): Promise<void> {
    const ack = (await this.client!.socket.emitWithAck('runner:hello', { slots: this.o.slots, labels: this.o.labels, sandbox: this.o.sandbox })) as Ack;
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    this.o.log(`@${this.name} is a runner with ${this.o.slots} slot(s), sandbox ${this.o.sandbox}`);
    this.fill();
  }

  /** Claims runs while slots are free; one pass at a time. */
  private fill(): void {
    if (this.closed) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = true;
    void (async () => {
      try {
        while (!this.closed && this.active.size < this.o.slots) {
          const ack = (await this.client!.socket.timeout(10_000).emitWithAck('runner:claim', {})) as RunClaimAck;
          if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
          if (!ack.run) break;
          void this.begin(ack.run, ack.outputLimit, undefined, ack.inputs ?? []);
        }
      } catch (err) {
        this.o.log(`claiming failed: ${(err as Error).message}`);
      } finally {
        this.filling = false;
        if (this.again) {
          this.again = false;
          this.fill();
        }
      }
    })();
  }

  /** Slots not running anything. */
  get free(): number {
    return this.o.slots - this.active.size;
  }

  /**
   * Runs an agent's worker command for a task the agent holds (agent dispatch): the hub records
   * it as this runner's run at once; resolves with how it ended.
   */
  async dispatch(input: { task: string; agentToken: string; command: string; timeoutMs: number; env: Record<string, string> }): Promise<{ run: RunWire; result: ExecutionResult | null }> {
    const ack = (await this.client!.socket.timeout(10_000).emitWithAck('runner:dispatch', { task: input.task, agentToken: input.agentToken, command: input.command, timeoutMs: input.timeoutMs })) as RunClaimAck;
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    return { run: ack.run!, result: await this.begin(ack.run!, ack.outputLimit, input.env) };
  }

  private begin(run: RunWire, outputLimit: number, env?: Record<string, string>, inputs: RunInputLink[] = []): Promise<ExecutionResult | null> {
    const used = new Set([...this.active.values()].map((a) => a.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const execution = new Execution({
      run,
      workspaces: this.o.workspaces,
      sandbox: this.o.sandbox,
      limits: this.o.limits,
      expose: this.o.expose,
      user: this.user(slot),
      outputLimit,
      env,
      prepare: inputs.length ? (workspace, owner) => fetchInputs(inputs, workspace, owner) : undefined,
      // Refused: the run is no longer ours (lost, cancelled meanwhile), so it stops.
      send: (seq, data) =>
        this.call('run:output', { run: run.id, seq, data }).catch((err: Error) => {
          execution.stop('cancelled');
          throw err;
        }),
    });
    this.active.set(run.id, { execution, slot });
    this.o.log(`run ${run.id} (${run.task}): ${run.command}`);
    const life = this.live(run, execution).finally(() => {
      this.active.delete(run.id);
      this.lives.delete(life);
      this.fill();
    });
    this.lives.add(life);
    return life;
  }

  private async live(run: RunWire, execution: Execution): Promise<ExecutionResult | null> {
    try {
      await this.call('run:started', { run: run.id });
      const result = await execution.start();
      const artifacts = await this.keep(run, result);
      await this.call('run:finish', { run: run.id, ended: result.ended, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, artifacts });
      this.o.log(`run ${run.id} ${result.ended}${result.exitCode !== null ? ` (exit ${result.exitCode})` : ''}`);
      return result;
    } catch (err) {
      execution.stop('cancelled');
      this.o.log(`run ${run.id} failed: ${(err as Error).message}`);
      return null;
    } finally {
      if (!this.o.keepWorkspaces) rmSync(join(this.o.workspaces, run.id), { recursive: true, force: true });
    }
  }

  /** Uploads the files `--outputs` asked for as `runs/<id>/<path>` on the task; returns their URIs. */
  private async keep(run: RunWire, result: ExecutionResult): Promise<string[]> {
    const files = matchOutputs(result.workspace, run.outputs);
    if (!files.length) return [];
    const http = new SwitchboardHttp(this.o.hub, this.o.token);
    const uris: string[] = [];
    for (const rel of files) {
      try {
        const { artifact } = await http.uploadArtifact(join(result.workspace, rel), `--task=${run.task}`, { name: `runs/${run.id}/${rel}`, room: agentRoom(this.name) });
        uris.push(artifact.uri);
      } catch (err) {
        this.o.log(`run ${run.id}: could not keep ${rel}: ${(err as Error).message}`);
      }
    }
    return uris;
  }

  /** Renews held runs' leases; stops the ones the hub says are no longer ours or were cancelled. */
  private async beat(): Promise<void> {
    if (this.closed || !this.client?.socket.connected) return;
    try {
      const ack = (await this.client.socket.timeout(10_000).emitWithAck('runner:heartbeat', { runs: this.running })) as RunnerAck;
      if (ack.ok) for (const id of ack.cancel ?? []) this.active.get(id)?.execution.stop('cancelled');
    } catch {
      // The next beat tries again; the lease outlasts a few missed ones.
    }
    this.fill();
  }

  /** A runner request, resent while the connection is down (the hub treats a resend as one). */
  private async call(event: 'run:started' | 'run:output' | 'run:finish', payload: object): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const ack = (await this.client!.socket.timeout(15_000).emitWithAck(event as 'run:finish', payload)) as Ack;
        if (ack.ok) return;
        throw Object.assign(new Error(`${ack.error.code}: ${ack.error.message}`), { refused: true });
      } catch (err) {
        if ((err as { refused?: boolean }).refused || this.closed || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** attempt)));
      }
    }
  }

  private user(slot: number): { uid: number; gid: number } | undefined {
    return process.getuid?.() === 0 ? { uid: this.o.sandboxUid + slot, gid: this.o.sandboxUid + slot } : undefined;
  }
}
