import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUTPUT_TRUNCATED_MARKER, type ChatMessage, type LineOf, type RunOutputChunk, type RunUpdatedEvent } from '../../protocol/index.js';
import { followRun, type SwitchboardClient } from '../../client/sdk/index.js';
import type { Runner } from '../../client/runner/runner.js';
import { download } from '../support/artifacts.js';
import { ManualClock } from '../support/clock.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { noSandboxLeft, processesRunning, runEnded, startRunner } from '../support/runners.js';
import { eventually } from '../support/wait.js';

const CLI = fileURLToPath(new URL('../../client/cli/main.js', import.meta.url));
const OUTPUT_LIMIT = 256 * 1024;
const LEAKED = 'sbt_Zq8fT2kLm9Xw4Rv7Np3Bc6Hd1Js5Gy0A';
// Sandbox users of this file's runners: uids nothing else on the machine uses.
const UID_A = 62100;
const UID_B = 62200;
const UID_CLI = 62300;
const SANDBOX_UIDS = [0, 1, 2, 3].flatMap((i) => [UID_A + i, UID_B + i, UID_CLI + i]);

describe('runs: sandboxed commands streamed into the task room', function () {
  this.timeout(60_000);
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let runnerA: Runner;
  let runnerB: Runner;
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-data-'));

  const clock = new ManualClock(new Date());
  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await runnerA?.close();
    await runnerB?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const t = withTestHub({ clock, runOutputBytes: OUTPUT_LIMIT });
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person', 'member'));
    await admin.command('/sprints-create S-RUN --title="Runs"');
    for (const code of ['T-RUN', 'T-BOX', 'T-LOST']) await admin.command(`/task-create ${code} --title="${code}" --sprint=S-RUN`);
    writeFileSync(join(dataDir, 'admin.token'), t.adminToken);
    runnerA = await startRunner(t, 'runner-a', { slots: 2, sandboxUid: UID_A, limits: { cpuSeconds: 20, memoryBytes: 1024 ** 3, processes: 64, fileBytes: 64 * 1024 ** 2 } });
    runnerB = await startRunner(t, 'runner-b', { slots: 2, sandboxUid: UID_B, limits: { cpuSeconds: 20, memoryBytes: 1024 ** 3, processes: 64, fileBytes: 64 * 1024 ** 2 } });
  });
  afterEach(async () => {
    // No test leaves a sandboxed process behind.
    await noSandboxLeft(SANDBOX_UIDS);
  });

  const ask = async (line: LineOf<'run'>, client = mia) => (await client.command(line, 'task:T-RUN')).data;

  it('runs a person\'s command on one runner, streams its output live, and keeps the log as an artifact', async () => {
    await mia.join('task:T-RUN');
    const chunks = record(mia, 'run:output');
    const finished = record(mia, 'run:finished');
    const messages = record(mia, 'chat:message');
    const { run } = await ask(`/run "echo hello from $SWITCHBOARD_TASK; echo oops >&2; echo token ${LEAKED}; pwd; exit 3" --task=T-RUN`);
    const ended = await runEnded(t, run.id);
    expect(ended).to.include({ status: 'failed', exitCode: 3, signal: null });
    expect(['runner-a', 'runner-b']).to.include(ended.runner);
    const uri = `sb://artifacts/by-task/T-RUN/runs/${run.id}/output.log`;
    expect(ended.artifacts).to.deep.equal([uri]);
    await eventually(() => expect(finished.map((e) => e.run.id)).to.include(run.id));
    const mine = chunks.filter((c) => c.run === run.id);
    expect(mine.map((c) => c.seq)).to.deep.equal(mine.map((_, i) => i + 1));
    const text = mine.map((c) => c.data).join('');
    expect(text).to.contain('hello from T-RUN').and.contain('oops').and.contain('/workspace');
    // Known shapes of secrets are masked, as in chat.
    expect(text).to.contain('token [REDACTED').and.not.contain(LEAKED);
    // The result message: exit code, duration, artifact.
    await eventually(() => expect(messages.some((m: ChatMessage) => m.kind === 'system' && m.text.includes(`Run ${run.id}`) && /exit 3 in \d+\.\ds/.test(m.text) && m.text.includes(uri))).to.equal(true));
    const { res, bytes } = await download(t, `/api/artifacts/by-task/T-RUN/runs/${run.id}/output.log`);
    expect(res.status).to.equal(200);
    expect(bytes.toString()).to.equal(text);
    expect((await mia.command(`/run-log ${run.id} --tail=2`)).text).to.contain('/workspace');
    expect((await mia.command(`/run-detail ${run.id}`)).text).to.contain('exit 3').and.contain(uri);
    expect((await mia.command('/runs --task=T-RUN')).text).to.contain(run.id).and.contain('failed');
    expect((await mia.command('/activity --task=T-RUN')).text).to.contain(`run ${run.id} on T-RUN ended: exit 3`);
  });

  it('gives each queued run to exactly one runner, and keeps --outputs files', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => (await ask(`/run "mkdir -p out; echo run ${n} > out/r${n}.txt; echo ${n}" --task=T-RUN --outputs=out/*.txt`)).run.id));
    const ended = await Promise.all(ids.map((id) => runEnded(t, id)));
    for (const [i, run] of ended.entries()) {
      expect(run.status, run.id).to.equal('succeeded');
      expect(run.artifacts).to.deep.equal([`sb://artifacts/by-task/T-RUN/runs/${run.id}/output.log`, `sb://artifacts/by-task/T-RUN/runs/${run.id}/out/r${i + 1}.txt`]);
      // Run once: one batch of output, the number it printed.
      const stored = await t.db.models.runChunks.find({ run: run.id }).lean();
      expect(stored.map((c) => c.data)).to.deep.equal([`${i + 1}\n`]);
    }
    const { bytes } = await download(t, `/api/artifacts/by-task/T-RUN/runs/${ids[2]}/out/r3.txt`);
    expect(bytes.toString()).to.equal('run 3\n');
  });

  it('copies --inputs into the workspace before the command starts', async () => {
    await mia.command('/artifact-upload --content="data 42" --name=in/data.txt --task=T-RUN', 'task:T-RUN');
    const { run } = await ask('/run "ls; cat data.txt" --task=T-RUN --inputs=sb://artifacts/by-task/T-RUN/in/data.txt');
    const ended = await runEnded(t, run.id);
    expect(ended).to.include({ status: 'succeeded' });
    expect(ended.inputs).to.deep.equal(['sb://artifacts/by-task/T-RUN/in/data.txt']);
    const text = (await t.db.models.runChunks.find({ run: run.id }).sort({ run: 1, seq: 1 }).lean()).map((c) => c.data).join('');
    expect(text).to.equal('data.txt\ndata 42');
  });

  it('lets a late follower read the output so far and then the rest, with no gap or duplicate', async () => {
    const { run } = await ask('/run "i=1; while [ $i -le 60 ]; do echo line $i; i=$((i+1)); sleep 0.02; done" --task=T-RUN');
    await eventually(async () => (await t.db.models.runChunks.countDocuments({ run: run.id })) >= 2, { what: 'some output is stored' });
    const late = await t.connect(await t.tokenFor('late', 'person', 'member'));
    const got: RunOutputChunk[] = [];
    const follower = await followRun(late, run.id, (c) => got.push(c));
    const ended = await follower.finished;
    follower.stop();
    expect(ended.status).to.equal('succeeded');
    expect(got.map((c) => c.seq)).to.deep.equal(got.map((_, i) => i + 1));
    const lines = got.map((c) => c.data).join('').trim().split('\n');
    expect(lines).to.deep.equal(Array.from({ length: 60 }, (_, i) => `line ${i + 1}`));
    // Batched, not one event per line.
    expect(got.length).to.be.lessThan(60);
  });

  it('stops a run at its timeout and on /run-cancel, leaving no process', async () => {
    const slow = await ask('/run "sleep 31.5" --task=T-RUN --timeout=1s');
    const timedOut = await runEnded(t, slow.run.id);
    expect(timedOut.status).to.equal('timed_out');
    expect(timedOut.durationMs).to.be.within(900, 5000);
    const long = await ask('/run "sleep 32.5" --task=T-RUN');
    await eventually(async () => processesRunning('sleep 32.5').length > 0, { what: 'the run is under way' });
    // /agents shows the runners, their slots and what they hold.
    expect((await mia.command('/agents')).text).to.match(new RegExp(`runner, 2 slots: ${long.run.id} on T-RUN`));
    expect((await mia.command(`/run-cancel ${long.run.id}`)).text).to.match(/being stopped by @runner-[ab]/);
    const cancelled = await runEnded(t, long.run.id);
    expect(cancelled).to.include({ status: 'cancelled', reason: 'stopped on request' });
    expect(processesRunning('sleep 31.5')).to.deep.equal([]);
    expect(processesRunning('sleep 32.5')).to.deep.equal([]);
  });

  describe('the sandbox', () => {
    const inBox = async (command: string, extra = '') => {
      const { run } = (await mia.command(`/run "${command}" --task=T-BOX ${extra}`, 'task:T-BOX')).data;
      const ended = await runEnded(t, run.id, 30_000);
      const text = (await t.db.models.runChunks.find({ run: run.id }).sort({ run: 1, seq: 1 }).lean()).map((c) => c.data).join('');
      return { ended, text };
    };

    it('cannot read DATA_DIR, the admin token or files outside its workspace, and sees a read-only system', async () => {
      const { ended, text } = await inBox(
        `cat ${dataDir}/admin.token; ls ${dataDir}; cat /proc/1/cmdline | tr '\\\\0' ' '; echo; ls /work /root; touch /usr/x /etc/x; echo mine > kept.txt && cat kept.txt; id -u`,
      );
      expect(ended.status).to.equal('succeeded');
      expect(text).not.to.contain(t.adminToken);
      expect(text).to.match(/No such file or directory/);
      expect(text).to.match(/touch: cannot touch '\/usr\/x': Read-only file system/);
      expect(text).to.contain('mine');
      // Its own PID namespace: PID 1 is the sandbox, not the machine's init.
      expect(text).to.match(/bwrap/);
      expect(text).to.match(new RegExp(`\\n(${UID_A}|${UID_A + 1}|${UID_B}|${UID_B + 1})\\n$`));
    });

    it("cannot reach the hub's port without --network", async () => {
      const port = new URL(t.url).port;
      const probe = `perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(PeerAddr => q(127.0.0.1), PeerPort => ${port}, Timeout => 2) ? qq(connected\\\\n) : qq(refused\\\\n)'`;
      const { text } = await inBox(probe);
      expect(text.trim()).to.equal('refused');
      const open = await inBox(probe, '--network');
      expect(open.text.trim()).to.equal('connected');
    });

    it('stops a fork bomb at its process limit without harming the runner or the hub', async () => {
      const { ended, text } = await inBox('b() { b | b & }; b; sleep 1; echo bomb over', '--timeout=20s');
      expect(['succeeded', 'failed']).to.include(ended.status);
      expect(text).to.match(/Cannot fork|Resource temporarily unavailable/);
      const after = await inBox('echo still fine');
      expect(after.text.trim()).to.equal('still fine');
    });

    it('cuts a 100 MiB output at the limit with a truncation marker', async () => {
      const started = Date.now();
      const { ended, text } = await inBox("head -c 104857600 /dev/zero | tr '\\\\0' a; echo done", '--timeout=60s');
      expect(ended).to.include({ status: 'succeeded', truncated: true });
      expect(Buffer.byteLength(text)).to.equal(OUTPUT_LIMIT + Buffer.byteLength(OUTPUT_TRUNCATED_MARKER(OUTPUT_LIMIT)));
      expect(text.endsWith(OUTPUT_TRUNCATED_MARKER(OUTPUT_LIMIT))).to.equal(true);
      expect(Date.now() - started).to.be.lessThan(30_000);
      expect((await mia.command('/help run')).text).to.contain('/run');
    });
  });

  describe('a runner that vanishes', () => {
    it('marks the runs of a runner that vanished lost and tells the room, and its sandbox dies with it', async () => {
      await runnerA.close();
      await runnerB.close();
      const token = await t.tokenFor('runner-cli', 'agent');
      const workspaces = mkdtempSync(join(tmpdir(), 'sb-runs-cli-'));
      const cli: ChildProcess = spawn(process.execPath, [CLI, 'runner', '--hub', t.url, '--token', token, '--slots=1', `--workspaces=${workspaces}`, `--sandbox-uid=${UID_CLI}`, '--heartbeat-ms=200'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let said = '';
      cli.stderr!.on('data', (d: Buffer) => (said += d.toString()));
      try {
        await eventually(async () => said.includes('is a runner'), { what: 'the CLI runner registered', ms: 15_000 });
        await mia.join('task:T-LOST');
        const lost = record(mia, 'run:finished');
        const messages = record(mia, 'chat:message');
        const { run } = (await mia.command('/run "sleep 33.5" --task=T-LOST', 'task:T-LOST')).data;
        await eventually(async () => processesRunning('sleep 33.5').length > 0, { what: 'the run is under way', ms: 15_000 });
        cli.kill('SIGKILL');
        // The guard saw its lifeline close: the sandbox is gone at once, not at some timeout.
        await eventually(async () => processesRunning('sleep 33.5').length === 0, { what: 'the sandbox died with its runner', ms: 5000 });
        clock.advance(31_000);
        const ended = await runEnded(t, run.id);
        expect(ended).to.include({ status: 'lost', runner: 'runner-cli' });
        await eventually(() => expect(lost.map((e: RunUpdatedEvent) => e.run.id)).to.include(run.id));
        await eventually(() => expect(messages.some((m) => m.text.includes(`Run ${run.id} is lost`))).to.equal(true));
      } finally {
        cli.kill('SIGKILL');
        rmSync(workspaces, { recursive: true, force: true });
      }
    });
  });
});
