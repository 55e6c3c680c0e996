import { assert, expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import {
  INIT_STEPS,
  PROTOCOL_VERSION,
  type AgentInitEvent,
  type ChatMessage,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { currentSession, endSession } from '../support/agents.js';
import { record } from '../support/events.js';
import { withTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

type Heard = { init: AgentInitEvent } | { message: ChatMessage };

/**
 * A bare socket.io client whose listeners are in place before it connects, so nothing the hub
 * says on connect (INIT runs then) can be missed; `heard` keeps INIT events and inbox messages in
 * the order they arrived.
 */
async function connectListening(t: TestHub, token: string): Promise<{ socket: Socket<ServerToClientEvents, ClientToServerEvents>; heard: Heard[] }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.url, { auth: { token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], autoConnect: false });
  const heard: Heard[] = [];
  socket.on('agent:init', (init) => heard.push({ init }));
  socket.on('chat:message', (message) => heard.push({ message }));
  await new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', reject);
    socket.connect();
  });
  return { socket, heard };
}

const initsOf = (heard: Heard[]) => heard.flatMap((h) => ('init' in h ? [h.init] : []));
const sessionOf = async (t: TestHub, name: string) => (await currentSession(t, name))!;

describe('agent INIT on chat session start (/init, /init-confirm)', () => {
  let admin: SwitchboardClient;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-INIT --title="INIT sprint"');
  });

  it('runs the four steps when an agent connects, each as agent:init to its inbox, then a summary there', async () => {
    const { socket, heard } = await connectListening(t, await t.tokenFor('fresh', 'agent'));
    try {
      await eventually(() => expect(heard.some((h) => 'message' in h && h.message.kind === 'system')).to.equal(true));
      const inits = initsOf(heard);
      expect(inits.map((e) => [e.step, e.name, e.status])).to.deep.equal(INIT_STEPS.map((name, i) => [i + 1, name, 'ok']));
      const last = heard.at(-1)!;
      expect('message' in last && last.message).to.include({ room: 'agent:fresh', kind: 'system' });
      if ('message' in last) expect(last.message.text).to.contain('INIT of @fresh done').and.to.contain('/init-confirm');

      // No registry entry yet: one is made rather than failing.
      expect(inits[1]!.detail).to.contain('was not in the registry');
      expect(await t.db.models.agents.countDocuments({ name: 'fresh' })).to.equal(1);

      const session = await sessionOf(t, 'fresh');
      expect(inits.every((e) => e.sessionId === String(session._id))).to.equal(true);
      expect(session.initResult).to.include({ status: 'awaiting_confirmation', failedStep: null });
      expect(session.agentReady).to.equal(false);
    } finally {
      socket.close();
    }
  });

  it('does not run INIT for people, and refuses /init and /init-confirm from them', async () => {
    const { socket, heard } = await connectListening(t, await t.tokenFor('paula', 'person'));
    const paula = await t.connect(await t.tokenFor('paula', 'person'));
    for (const line of ['/init', '/init-confirm']) {
      const ack = await paula.send('lobby', line);
      expect(ack.ok ? 'accepted' : ack.error.code, line).to.equal('forbidden');
    }
    expect(initsOf(heard)).to.deep.equal([]);
    socket.close();
  });

  it('proposes in-progress then to-do tasks by priority and age, and takes the plan or a reordering of it', async () => {
    const token = await t.tokenFor('planner', 'agent');
    for (const [code, priority, assignee] of [
      ['T-P-LOW', 'low', 'planner'],
      ['T-P-URG', 'urgent', 'planner'],
      ['T-P-RUN', 'low', 'planner'],
      ['T-P-HIGH', 'high', 'planner'],
      ['T-P-DONE', 'urgent', 'planner'],
      ['T-P-HIGH2', 'high', 'planner'],
      ['T-P-ELSE', 'urgent', 'someone'],
    ]) {
      await admin.command(`/task-create ${code} --title="Task ${code}" --sprint=S-INIT --priority=${priority} --assignee=@${assignee}`);
    }
    await admin.command('/task-status T-P-RUN --status=in_progress');
    await admin.command('/task-done T-P-DONE "done before"');

    const planner = await t.connect(token);
    const inits = record(planner, 'agent:init');
    const ran = await planner.command('/init');
    const expected = ['T-P-RUN', 'T-P-URG', 'T-P-HIGH', 'T-P-HIGH2', 'T-P-LOW'];
    expect(ran.data.result.plan).to.deep.equal(expected);
    expect(ran.text).to.contain(expected.join(', '));
    // The run of /init, after the one of the connection: each pushes its four steps.
    await eventually(() => expect(inits.slice(-4).map((e) => [e.name, e.status])).to.deep.equal(INIT_STEPS.map((n) => [n, 'ok'])));
    expect(inits.at(-1)!.detail).to.contain('T-P-RUN (in_progress, low)');

    for (const [order, problem] of [
      ['T-P-URG,T-P-RUN', 'missing: T-P-HIGH, T-P-HIGH2, T-P-LOW'],
      ['T-P-RUN,T-P-URG,T-P-HIGH,T-P-HIGH2,T-P-LOW,T-P-ELSE', 'not in the plan: T-P-ELSE'],
      ['T-P-RUN,T-P-RUN,T-P-URG,T-P-HIGH,T-P-HIGH2,T-P-LOW', 'given twice: T-P-RUN'],
    ]) {
      const ack = await planner.send('lobby', `/init-confirm --order=${order}`);
      expect(ack.ok).to.equal(false);
      if (!ack.ok) expect(ack.error.code).to.equal('invalid_args'), expect(ack.error.message).to.contain(problem);
    }
    expect((await sessionOf(t, 'planner')).agentReady).to.equal(false);

    const amended = ['T-P-URG', 'T-P-RUN', 't-p-low', 'T-P-HIGH', 'T-P-HIGH2'];
    const confirmed = await planner.command(`/init-confirm --order=${amended.join(',')}`);
    expect(confirmed.text).to.contain('Ready');
    const session = await sessionOf(t, 'planner');
    expect(session.agentReady).to.equal(true);
    expect(session.initResult).to.include({ status: 'ready' });
    expect(session.initResult!.plan).to.deep.equal(amended.map((c) => c.toUpperCase()));

    // Running INIT again starts over: not ready until the new plan is confirmed.
    await planner.command('/init');
    expect((await sessionOf(t, 'planner')).agentReady).to.equal(false);
    await planner.command('/init-confirm');
    expect((await sessionOf(t, 'planner')).initResult!.plan).to.deep.equal(expected);
  });

  it('resumes durable memory and the notes of the previous session', async () => {
    const token = await t.tokenFor('rememberer', 'agent');
    await admin.command('/task-create T-R-1 --title="Remembered work" --sprint=S-INIT --assignee=@rememberer');
    const first = await t.connect(token);
    expect(await currentSession(t, 'rememberer'), 'the session is open once the hub says hello').to.not.equal(null);
    await first.command('/memory-set goal.current finish T-R-1');
    await first.command('/memory-set scratch.tmp gone with the session --ephemeral');
    await first.command('/agent-log "Read the spec of T-R-1" --task=T-R-1');
    await first.command('/task-note T-R-1 "Half of the form is done"');
    await endSession(t, first);

    const { socket, heard } = await connectListening(t, token);
    try {
      await eventually(() => expect(initsOf(heard)).to.have.length(4));
      const resume = initsOf(heard)[0]!;
      assert(resume.name === 'resume_memory' && resume.data, 'the first step resumes memory');
      const data = resume.data;
      expect(data.entries.map((e) => [e.key, e.value])).to.deep.equal([['goal.current', 'finish T-R-1']]);
      expect(data.previousSession).to.not.equal(null);
      expect(data.notes.map((n) => [n.type, n.task])).to.deep.equal([
        ['agent.log', 'T-R-1'],
        ['task.note', 'T-R-1'],
      ]);
      expect(data.notes.map((n) => n.text).join('\n')).to.contain('Read the spec of T-R-1').and.to.contain('Half of the form is done');
      expect(resume.detail).to.contain('1 durable entry').and.to.contain('2 notes from the last session');

      // /init in a shared room: the agent's ack carries its memory, the room's copy does not.
      await admin.join('lobby');
      const lobby = record(admin, 'chat:message');
      const again = await t.connect(token);
      const ack = await again.command('/init', 'lobby');
      expect(JSON.stringify(ack.data)).to.contain('finish T-R-1');
      await eventually(() => expect(lobby.some((m) => m.kind === 'result' && m.sender.name === 'switchboard' && m.text.includes('INIT done'))).to.equal(true));
      expect(JSON.stringify(lobby.filter((m) => m.kind === 'result'))).to.not.contain('finish T-R-1');
    } finally {
      socket.close();
    }
  });

  it('fails the healthcheck when an artifact of its task lost its bytes: says which, still reports the plan, not ready', async () => {
    const token = await t.tokenFor('checker', 'agent');
    await admin.command('/task-create T-H-1 --title="Task with a spec" --sprint=S-INIT --assignee=@checker');
    await admin.command('/artifact-upload --content="# Spec\\n- the bytes that will vanish" --name=spec.md --task=T-H-1');
    const checker = await t.connect(token);
    expect(await currentSession(t, 'checker'), 'the session is open once the hub says hello').to.not.equal(null);
    expect((await checker.command('/init')).data).to.have.nested.property('result.status', 'awaiting_confirmation');

    // The store breaks under it: the GridFS file and chunks of the spec's bytes disappear.
    const spec = await t.db.models.artifacts.findOne({ ownerCode: 'T-H-1', name: 'spec.md' }).lean();
    const blob = await t.db.models.blobs.findById(spec!.sha256).lean();
    const db = t.db.conn.db!;
    expect((await db.collection('cas.chunks').deleteMany({ files_id: blob!.fileId })).deletedCount).to.be.greaterThan(0);
    expect((await db.collection('cas.files').deleteOne({ _id: blob!.fileId })).deletedCount).to.equal(1);

    const inits = record(checker, 'agent:init');
    const inbox = record(checker, 'chat:message');
    const ran = await checker.command('/init');
    const result = ran.data.result;
    expect(result).to.include({ status: 'failed', failedStep: 'healthcheck' });
    expect(result.plan).to.deep.equal(['T-H-1']);
    expect(ran.text).to.contain('failed at healthcheck').and.to.contain('sb://artifacts/by-task/T-H-1/spec.md');

    await eventually(() => expect(inits).to.have.length(4));
    expect(inits.map((e) => e.status)).to.deep.equal(['ok', 'ok', 'failed', 'ok']);
    expect(inits[2]!.detail).to.contain('sb://artifacts/by-task/T-H-1/spec.md');
    expect(inits[3]!.detail).to.contain('T-H-1');
    await eventually(() => expect(inbox.find((m) => m.room === 'agent:checker' && m.kind === 'system')?.text).to.contain('failed at healthcheck'));

    const refused = await checker.send('lobby', '/init-confirm');
    expect(refused.ok ? 'accepted' : refused.error.code).to.equal('invalid_transition');
    if (!refused.ok) expect(refused.error.message).to.contain('sb://artifacts/by-task/T-H-1/spec.md');
    const session = await sessionOf(t, 'checker');
    expect(session.agentReady).to.equal(false);
    expect(session.initResult).to.include({ status: 'failed', failedStep: 'healthcheck' });
  });

  it('refuses /init-confirm over HTTP with no live session', async () => {
    const token = await t.tokenFor('nosocket', 'agent');
    const res = await fetch(`${t.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line: '/init-confirm' }),
    });
    const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
    expect(body.error).to.include({ code: 'not_found' });
    expect(body.error!.message).to.contain('no live chat session');
  });
});
