import { LOBBY } from '../../protocol/index.js';
import { SwitchboardClient, quote } from '../sdk/index.js';
import type { ExecutionResult } from './execution.js';
import type { Runner } from './runner.js';

export interface DispatchOptions {
  hub: string;
  /** The agent whose tasks are dispatched, and its token (given to the worker too). */
  agentToken: string;
  /** The worker: a shell command run in the sandbox, with the task in its environment. */
  command: string;
  timeoutMs: number;
  /** Failed runs in a row after which the runner stops taking the agent's tasks. */
  breaker: number;
  /** How often ready tasks are looked for, besides when an assignment arrives. */
  pollMs: number;
  log: (line: string) => void;
}

/**
 * `switchboard runner --agent=@name --agent-command="..."`: takes the todo tasks assigned to the
 * agent as they become ready (claiming them as the agent), runs the worker for each on the runner,
 * and, when the worker did not finish the task itself, moves it by how the worker ended: exit 0
 * to review, another exit code to blocked; a crash (killed, timed out, could not start) gives the
 * task back to todo with a note. After `breaker` failures in a row it stops and says so in the lobby.
 */
export class Dispatcher {
  private agent: SwitchboardClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private working: Promise<void> = Promise.resolve();
  private failures = 0;
  private closed = false;
  stopped = false;

  constructor(
    private readonly runner: Runner,
    private readonly o: DispatchOptions,
  ) {}

  get name(): string {
    return this.agent?.principal?.name ?? '';
  }

  async start(): Promise<void> {
    this.agent = await SwitchboardClient.connect(this.o.hub, this.o.agentToken);
    if (this.agent.principal!.role !== 'agent') throw new Error('--agent-token must be an agent\'s token');
    this.agent.on('parcel:new', () => this.poke());
    this.agent.on('task:updated', () => this.poke());
    this.timer = setInterval(() => this.poke(), this.o.pollMs);
    this.poke();
  }

  /** Stops looking for tasks and waits for the one under way to be settled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.working;
    this.agent?.close();
  }

  /** Looks for a ready task now, unless one is being dispatched or the breaker tripped. */
  poke(): void {
    if (this.busy || this.stopped || this.closed || this.runner.free < 1) return;
    this.busy = true;
    this.working = this.next()
      .catch((err: Error) => this.o.log(`dispatch for @${this.name}: ${err.message}`))
      .finally(() => {
        this.busy = false;
      });
  }

  private async next(): Promise<void> {
    const listed = await this.agent!.command('/tasks --assignee=@me --ready --limit=10');
    const codes = listed.data.rows.map((r) => r.code);
    for (const code of codes) {
      if (this.closed) return;
      try {
        await this.agent!.command(`/task-claim ${code}`);
      } catch {
        continue; // taken, or no longer ready: the next one
      }
      await this.work(code);
      // One task at a time per dispatcher; look again for the next.
      setImmediate(() => this.poke());
      return;
    }
  }

  private async work(code: string): Promise<void> {
    const detail = await this.agent!.command(`/task-detail ${code}`);
    const { task } = detail.data;
    const env = {
      SWITCHBOARD_HUB: this.o.hub,
      SWITCHBOARD_TOKEN: this.o.agentToken,
      SWITCHBOARD_AGENT: this.name,
      SWITCHBOARD_TASK_TITLE: task.title,
      SWITCHBOARD_TASK_CONTEXT: task.context.slice(0, 64 * 1024),
    };
    this.o.log(`dispatching ${code} to @${this.name}'s worker`);
    let result: ExecutionResult | null = null;
    let runId = '?';
    try {
      const done = await this.runner.dispatch({ task: code, agentToken: this.o.agentToken, command: this.o.command, timeoutMs: this.o.timeoutMs, env });
      result = done.result;
      runId = done.run.id;
    } catch (err) {
      this.o.log(`could not start the worker on ${code}: ${(err as Error).message}`);
    }
    await this.settle(code, runId, result);
  }

  /** Moves the task by how the worker ended, unless the worker moved it itself. */
  private async settle(code: string, runId: string, result: ExecutionResult | null): Promise<void> {
    const now = (await this.agent!.command(`/task-detail ${code}`)).data.task;
    const crashed = !result || result.ended !== 'exited' || result.signal !== null;
    const failed = crashed || result!.exitCode !== 0;
    this.failures = failed ? this.failures + 1 : 0;
    const stillMine = now.status === 'in_progress' && now.claimedBy === this.name;
    if (stillMine) {
      if (crashed) {
        const why = !result ? 'could not be started' : result.ended === 'timed_out' ? 'ran out of time' : result.ended === 'exited' ? `was killed (${result.signal})` : result.ended.replace('_', ' ');
        await this.agent!.command(`/task-note ${code} ${quote(`The worker (run ${runId}) ${why}; the task goes back to todo.`)}`);
        await this.agent!.command(`/task-release ${code}`);
      } else if (failed) {
        await this.agent!.command(`/task-note ${code} ${quote(`The worker (run ${runId}) exited with ${result!.exitCode}.`)}`);
        await this.agent!.command(`/task-status ${code} --status=blocked`);
      } else {
        await this.agent!.command(`/task-status ${code} --status=review`);
      }
    }
    if (this.failures >= this.o.breaker) {
      this.stopped = true;
      const line = `⚠️ The runner stopped taking @${this.name}'s tasks: its worker failed ${this.failures} times in a row (last: run ${runId} on ${code}). Restart the runner once the worker is fixed.`;
      this.o.log(line);
      await this.agent!.send(LOBBY, line);
    }
  }
}
