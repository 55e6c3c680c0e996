import { expect } from 'chai';
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { Dispatcher } from '../../client/runner/dispatcher.js';
import type { Runner } from '../../client/runner/runner.js';
import { record } from '../support/events.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { parsePrometheus, sample } from '../support/prometheus.js';
import { noSandboxLeft, startRunner } from '../support/runners.js';
import { eventually } from '../support/wait.js';

const REPO = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));
const ECHO_AGENT = fileURLToPath(new URL('../../client/sdk/examples/echo-agent.js', import.meta.url));
const UID = 62700;

/** A small worker: prints the task it got, then fails, hangs or succeeds by the task's title. */
const WORKER = `#!/bin/sh
echo "worker @$SWITCHBOARD_AGENT on $SWITCHBOARD_TASK: $SWITCHBOARD_TASK_TITLE"
echo "context: $SWITCHBOARD_TASK_CONTEXT"
case "$SWITCHBOARD_TASK_TITLE" in
  *fail*) exit 4 ;;
  *hang*) sleep 36.5 ;;
esac
exit 0
`;

/**
 * A runner started with --agent takes the agent's ready tasks, runs the worker on each in the
 * sandbox (output streamed like any run), and moves the task by how the worker ended.
 */
describe('runs: agent dispatch to a worker command', function () {
  this.timeout(60_000);
  let t: TestHub;
  let admin: SwitchboardClient;
  let runner: Runner;
  const dispatchers: Dispatcher[] = [];
  const workerDir = mkdtempSync(join(tmpdir(), 'sb-worker-'));

  before(async () => {
    t = await startTestHub();
    admin = await t.connect();
    await admin.command('/sprints-create S-DISP --title="Dispatch"');
    writeFileSync(join(workerDir, 'worker.sh'), WORKER, { mode: 0o755 });
    chmodSync(workerDir, 0o755);
    runner = await startRunner(t, 'runner-d', { slots: 2, sandboxUid: UID, expose: [workerDir, REPO, realpathSync(join(REPO, 'node_modules'))] });
  });
  after(async () => {
    for (const d of dispatchers) await d.close();
    await runner?.close();
    await t.stop();
    await noSandboxLeft([UID, UID + 1]);
    rmSync(workerDir, { recursive: true, force: true });
  });

  async function dispatcher(agent: string, command: string, options: { timeoutMs?: number; breaker?: number } = {}): Promise<Dispatcher> {
    const d = new Dispatcher(runner, { hub: t.url, agentToken: await t.tokenFor(agent, 'agent'), command, timeoutMs: options.timeoutMs ?? 20_000, breaker: options.breaker ?? 3, pollMs: 200, log: () => undefined });
    await d.start();
    dispatchers.push(d);
    return d;
  }
  const task = async (code: string) => (await t.db.models.tasks.findOne({ code }).lean())!;
  const outputOf = async (code: string) => {
    const runs = await t.db.models.runs.find({ task: code }).sort({ task: 1, createdAt: -1 }).lean();
    return Promise.all(runs.map(async (r) => ({ run: r, text: (await t.db.models.runChunks.find({ run: r._id }).sort({ run: 1, seq: 1 }).lean()).map((c) => c.data).join('') })));
  };

  it('moves a task to review when the worker exits 0, to blocked when it fails, back to todo when it hangs; stops after failures in a row', async () => {
    await dispatcher('worker', `sh ${workerDir}/worker.sh`, { timeoutMs: 1500, breaker: 2 });
    await admin.join('lobby');
    const lobby = record(admin, 'chat:message');
    await admin.command('/task-create D-OK --title="Write the docs" --sprint=S-DISP');
    await admin.command('/task-context D-OK --append="use plain words"');
    await admin.command('/task-assign D-OK @worker');
    await eventually(async () => (await task('D-OK')).status === 'review', { what: 'D-OK in review', ms: 15_000 });
    const [ok] = await outputOf('D-OK');
    expect(ok!.run).to.include({ status: 'succeeded', runner: 'runner-d', network: true });
    expect(ok!.run.requestedBy.name).to.equal('worker');
    expect(ok!.text).to.contain('worker @worker on D-OK: Write the docs').and.contain('context: use plain words');

    await admin.command('/task-create D-FAIL --title="please fail" --sprint=S-DISP --assignee=@worker');
    await eventually(async () => (await task('D-FAIL')).status === 'blocked', { what: 'D-FAIL blocked', ms: 15_000 });
    expect((await task('D-FAIL')).context).to.match(/The worker \(run R-[A-Z0-9]{6}\) exited with 4\./);

    await admin.command('/task-create D-OK2 --title="Another" --sprint=S-DISP --assignee=@worker');
    await eventually(async () => (await task('D-OK2')).status === 'review', { what: 'D-OK2 in review', ms: 15_000 });

    // Hangs twice (back to todo each time, with a note), and the breaker trips on the second.
    await admin.command('/task-create D-HANG --title="hang forever" --sprint=S-DISP --assignee=@worker');
    await eventually(() => expect(lobby.some((m) => m.room === 'lobby' && m.text.includes("The runner stopped taking @worker's tasks: its worker failed 2 times in a row"))).to.equal(true), 20_000);
    const hung = await task('D-HANG');
    expect(hung.status).to.equal('todo');
    expect(hung.context.match(/ran out of time; the task goes back to todo/g)).to.have.length(2);
    expect((await outputOf('D-HANG')).map((o) => o.run.status)).to.deep.equal(['timed_out', 'timed_out']);
    // Stopped: a new task stays where it is.
    await admin.command('/task-create D-LATE --title="Later" --sprint=S-DISP --assignee=@worker');
    await new Promise((r) => setTimeout(r, 600));
    expect((await task('D-LATE')).status).to.equal('todo');
    expect(await t.db.models.runs.countDocuments({ task: 'D-LATE' })).to.equal(0);

    // The worker's runs count for @worker in /analytics and by state in /metrics: D-OK and D-OK2
    // succeeded; D-FAIL failed and D-HANG timed out twice.
    const report = (await admin.command('/analytics', 'lobby')).data;
    expect(report.agents.find((a) => a.name === 'worker')).to.include({ runsSucceeded: 2, runsFailed: 3 });
    const samples = parsePrometheus(await t.hub.services.metrics.registry.metrics());
    expect(sample(samples, 'switchboard_runs_finished_total{state="succeeded"}')).to.equal(2);
    expect(sample(samples, 'switchboard_runs_finished_total{state="failed"}')).to.equal(1);
    expect(sample(samples, 'switchboard_runs_finished_total{state="timed_out"}')).to.equal(2);
  });

  it('runs the example echo agent as the worker: it finishes the task itself, over the hub', async () => {
    await dispatcher('echo', `node ${ECHO_AGENT}`, { timeoutMs: 40_000 });
    await admin.command('/task-create E-1 --title="Say hello" --sprint=S-DISP --assignee=@echo');
    await eventually(async () => (await task('E-1')).status === 'completed', { what: 'E-1 completed by the echo agent', ms: 30_000 }).catch(async (err: Error) => {
      const runs = await outputOf('E-1');
      throw new Error(`${err.message}; E-1 is ${(await task('E-1')).status}; its runs: ${JSON.stringify(runs.map((r) => [r.run.status, r.text]))}`);
    });
    // The echo agent runs until stopped, like any agent: a person stops its run.
    await eventually(async () => (await outputOf('E-1'))[0]?.text.includes('completed E-1') ?? false, { what: 'the echo agent said it completed E-1', ms: 10_000 });
    const [running] = await outputOf('E-1');
    await admin.command(`/run-cancel ${running!.run._id}`);
    await eventually(async () => (await outputOf('E-1'))[0]?.run.status === 'cancelled', { what: 'the worker run ended', ms: 15_000 });
    const [echo] = await outputOf('E-1');
    expect(echo!.text).to.contain('echo-agent: connected').and.contain('completed E-1');
    // It finished the task itself: the runner did not move it again.
    expect((await task('E-1')).status).to.equal('completed');
  });
});
