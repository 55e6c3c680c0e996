import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AgentBot, type InitOutcome } from '../../client/sdk/index.js';
import { currentSession } from '../support/agents.js';
import { record } from '../support/events.js';
import { startTestHub, withTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

const echoAgentScript = fileURLToPath(new URL('../../client/sdk/examples/echo-agent.js', import.meta.url));

describe('the agent bot SDK', () => {
  const t = withTestHub();

  it('follows INIT, exposes the plan, confirms it, and is initialised again after a reconnect', async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-SDK --title="SDK sprint"');
    await admin.command('/task-create T-SDK-1 --title="First" --sprint=S-SDK --assignee=@sdkbot');
    await admin.command('/task-create T-SDK-2 --title="Second" --sprint=S-SDK --priority=urgent --assignee=@sdkbot');

    const bot = await AgentBot.connect(t.url, await t.tokenFor('sdkbot', 'agent'));
    const inits: InitOutcome[] = [];
    bot.onInit((init) => void inits.push(init));
    const first = await bot.init();
    expect(first.steps.map((s) => s.name)).to.deep.equal(['resume_memory', 'load_profile', 'healthcheck', 'confirm_plan']);
    expect(first.plan).to.deep.equal(['T-SDK-2', 'T-SDK-1']);
    expect(bot.ready).to.equal(false);
    const result = await bot.confirmPlan(['T-SDK-1', 'T-SDK-2']);
    expect(result).to.include({ status: 'ready' });
    expect(bot.ready).to.equal(true);
    expect((await currentSession(t, 'sdkbot'))!.agentReady).to.equal(true);

    bot.client.socket.disconnect();
    await eventually(async () => (await currentSession(t, 'sdkbot')) === null, { what: 'the session ended' });
    bot.client.socket.connect();
    await eventually(() => expect(inits.map((i) => i.sessionId)).to.have.length(2), 5000);
    expect(inits[1]!.sessionId).to.not.equal(first.sessionId);
    expect(bot.ready, 'a new INIT waits for a new confirmation').to.equal(false);
    await bot.confirmPlan();
    expect((await currentSession(t, 'sdkbot'))!.agentReady).to.equal(true);
    bot.close();
  });

  it('refuses a person token', async () => {
    const err = await AgentBot.connect(t.url, await t.tokenFor('not-a-bot', 'person')).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.contain('needs an agent token');
  });
});

describe('the echo agent, end to end (a real process)', () => {
  let t: TestHub;
  let echo: ChildProcess | null = null;
  let output = '';
  before(async () => {
    t = await startTestHub();
  });
  after(async () => {
    echo?.kill('SIGKILL');
    await t.stop();
  });

  it('is assigned a task by a person, initialises, answers and completes it, while the person watches every step', async () => {
    const dana = await t.connect(await t.tokenFor('dana', 'person'));
    const echoToken = await t.tokenFor('echo', 'agent');
    await dana.command('/sprints-create S-ECHO --title="Echo sprint"');
    await dana.command('/task-create T-ECHO-1 --title="Say hello back" --sprint=S-ECHO --priority=high');
    await dana.join('task:T-ECHO-1');
    const messages = record(dana, 'chat:message');
    const updates = record(dana, 'task:updated');

    await dana.command('/task-assign T-ECHO-1 @echo', 'task:T-ECHO-1');
    await eventually(() => expect(messages.map((m) => m.text).join('\n')).to.contain('New task assigned: Say hello back'));

    echo = spawn(process.execPath, [echoAgentScript], {
      env: { ...process.env, SWITCHBOARD_HUB: t.url, SWITCHBOARD_TOKEN: echoToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    echo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    echo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await eventually(() => expect(updates.map((u) => u.change), output).to.include('done'), 15000);
    // The room hears the task done before the bot's own command has its answer and it logs.
    await eventually(() => expect(output).to.contain('completed T-ECHO-1'), 5000);
    expect(output).to.contain('ready; plan: T-ECHO-1');

    const inRoom = messages.filter((m) => m.room === 'task:T-ECHO-1');
    const byEcho = inRoom.filter((m) => m.sender.name === 'echo').map((m) => `${m.kind}: ${m.text}`);
    expect(byEcho.map((line) => line.replace(/ .*/, ''))).to.deep.equal(['command:', 'command:', 'chat:', 'command:']);
    expect(byEcho[0]).to.contain('/task-status T-ECHO-1 --status=in_progress');
    expect(byEcho[1]).to.contain('/task-note T-ECHO-1');
    expect(byEcho[2]).to.contain('Say hello back');
    expect(byEcho[3]).to.contain('/task-done T-ECHO-1');
    const results = inRoom.filter((m) => m.kind === 'result').map((m) => m.text);
    expect(results).to.include.members(['✅ Task T-ECHO-1 marked complete', '✅ Note added to T-ECHO-1']);
    expect(updates.map((u) => u.change)).to.include.ordered.members(['assignee', 'status', 'note', 'done']);
    expect(updates.at(-1)!.task.status).to.equal('completed');

    const detail = await dana.command('/task-detail T-ECHO-1');
    expect(detail.data.task).to.include({ status: 'completed' });
    expect((await currentSession(t, 'echo'))!.agentReady).to.equal(true);
    expect(await t.db.models.parcels.countDocuments({ to: 'echo', task: 'T-ECHO-1', status: 'queued' })).to.equal(0);

    const exited = new Promise<number | null>((resolve) => echo!.once('exit', (code) => resolve(code)));
    echo.kill('SIGTERM');
    expect(await exited).to.equal(0);
    echo = null;
  });
});
