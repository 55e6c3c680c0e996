import { expect } from 'chai';
import { AgentSchema, type LineOf } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { endSession } from '../support/agents.js';
import { nextEvent, record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

describe('agent registry (/agent-register, /agents, /agent-detail, /agent-status)', () => {
  let admin: SwitchboardClient;
  let member: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    member = await t.connect(await t.tokenFor('mia', 'person'));
    await admin.command('/sprints-create S-REG --title="Registry"');
  });

  const agentOf = async (name: string) => (await admin.command(`/agent-detail @${name}`)).data.agent;
  const listed = async (line: LineOf<'agents'> = '/agents') => (await admin.command(line)).data.rows;
  const statusIn = async (name: string) => (await listed()).find((a) => a.name === name)?.status;

  it('registers a new agent (making its principal), updates only what is given, and describes it in /agent-detail', async () => {
    const made = await admin.command('/agent-register @Coder --role=Backend --capabilities=typescript,Mongo,typescript --profile="Writes the API"');
    expect(made.text).to.equal('🤖 Registered @coder: backend, can typescript, mongo');
    expect(made.data.created).to.equal(true);
    // The principal exists as an agent: a token for it is issued without a conflict.
    expect(await t.tokenFor('coder', 'agent')).to.match(/^sbt_/);
    expect((await refusal(admin, '/token-create @coder --kind=person')).code, 'and not as a person').to.equal('conflict');

    const updated = await member.command('/agent-register coder --profile="Writes the API\\nand its tests"');
    expect(updated.text).to.equal('🤖 Updated @coder: backend, can typescript, mongo');

    const detail = await admin.command('/agent-detail coder');
    expect(detail.component).to.equal('AgentDetail');
    const agent = AgentSchema.parse(detail.data.agent);
    expect(agent).to.include({ name: 'coder', agentRole: 'backend', profile: 'Writes the API\nand its tests', declaredStatus: null, currentTask: null });
    expect(agent.capabilities).to.deep.equal(['typescript', 'mongo']);
    expect(detail.text).to.contain('@coder · backend').and.to.contain('capabilities: typescript, mongo').and.to.contain('profile: Writes the API');

    const log = (await admin.command('/activity --limit=10')).data.rows;
    expect(log.map((r) => `${r.who} ${r.what}`)).to.include.members([
      '@admin registered agent @coder (backend, can typescript, mongo)',
      '@mia updated agent @coder (backend, can typescript, mongo)',
    ]);
  });

  it('refuses a person\'s name, an agent registering another agent, bad values and unknown agents, writing nothing', async () => {
    const person = await refusal(admin, '/agent-register @mia --role=frontend');
    expect([person.code, person.message]).to.deep.equal(['conflict', '@mia is a person, not an agent; only agents have a registry entry.']);

    // Over HTTP: no socket, so no INIT making a default entry first.
    const solo = new SwitchboardHttp(t.url, await t.tokenFor('solo', 'agent'));
    const other = await refusal(solo, '/agent-register @coder --role=hacker');
    expect([other.code, other.message]).to.deep.equal(['forbidden', 'An agent may register only itself (@solo); admins and members register others.']);
    expect((await refusal(solo, '/agent-register @newcomer')).code, 'nor create new agents').to.equal('forbidden');
    expect((await solo.command('/agent-register @solo --role=qa --capabilities=playwright')).text).to.equal('🤖 Registered @solo: qa, can playwright');

    for (const line of ['/agent-register', '/agent-register @ghost --role="two words"', '/agent-register @ghost --capabilities=', '/agent-register @ghost --profile']) {
      expect((await refusal(admin, line)).code, line).to.equal('invalid_args');
    }
    expect((await agentOf('coder')).agentRole, 'the refused update changed nothing').to.equal('backend');
    const ghost = await refusal(admin, '/agent-detail @ghost');
    expect([ghost.code, ghost.message], 'refused registrations made no principal').to.deep.equal(['not_found', 'There is no agent @ghost; /agents lists them.']);
    expect((await listed()).map((a) => a.name)).to.not.include('mia').and.not.include('newcomer');
    expect((await refusal(admin, '/agent-detail @mia')).message).to.equal('@mia is a person, not an agent; /agents lists the agents.');
  });

  it('/agents lists every agent, registered or not, with its status and INIT status, and filters by status', async () => {
    const plainToken = await t.tokenFor('plain', 'agent');
    // Never online: one registered by a person, one that only holds a token.
    await admin.command('/agent-register @shelved --role=docs');
    await t.tokenFor('unseen', 'agent');
    const before = (await listed()).find((a) => a.name === 'plain')!;
    expect(before).to.include({ agent: '@plain', agentRole: 'agent', status: 'offline', currentTask: null, lastSeen: null, initStatus: 'never' });

    const plain = await t.connect(plainToken);
    await eventually(async () => (await agentOf('plain')).initStatus === 'awaiting_confirmation', { what: 'INIT of @plain waits for confirmation' });
    const online = await admin.command('/agents --status=online');
    expect(online.data.rows.map((a) => a.name)).to.deep.equal(['plain']);
    expect(online.text).to.match(/^Agents \(online\): 1\n/).and.to.match(/@plain\s+agent\s+online\s+-\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+awaiting_confirmation/);
    await plain.command('/init-confirm');
    expect((await agentOf('plain')).initStatus).to.equal('ready');

    const offline = (await listed('/agents --status=offline')).map((a) => a.name);
    expect(offline).to.include.members(['shelved', 'unseen']).and.not.include('plain');
    expect((await admin.command('/agents --status=busy')).text).to.equal('No agent is busy.');
    const bad = await refusal(admin, '/agents --status=away');
    expect(bad.code).to.equal('invalid_args');
    expect(bad.message).to.contain('status must be one of online, offline, busy, idle');
    await endSession(t, plain);
  });

  it('/agent-status sets busy or idle and the current task, tells the lobby, and falls back to the task in progress', async () => {
    await admin.command('/task-create T-REG-1 --title="Mine" --sprint=S-REG --assignee=@worker');
    await admin.command('/task-create T-REG-2 --title="Not mine" --sprint=S-REG');
    const worker = await t.connect(await t.tokenFor('worker', 'agent'));
    const watcher = await t.connect();
    await watcher.join('lobby');

    const busy = nextEvent(watcher, 'presence', (e) => e.principal.name === 'worker' && e.status === 'busy');
    expect((await worker.command('/agent-status busy --task=t-reg-1')).text).to.equal('🤖 @worker is busy on T-REG-1');
    expect((await busy).principal.kind).to.equal('agent');
    expect(await agentOf('worker')).to.include({ status: 'busy', declaredStatus: 'busy', currentTask: 'T-REG-1', online: true });

    const notMine = await refusal(worker, '/agent-status busy --task=T-REG-2');
    expect([notMine.code, notMine.message]).to.deep.equal(['forbidden', '@worker is not assigned to task:T-REG-2 and was not invited: ask a person to /task-assign or /room-invite you.']);
    expect((await refusal(worker, '/agent-status busy --task=T-NOPE')).code).to.equal('not_found');
    expect((await refusal(worker, '/agent-status away')).code).to.equal('invalid_args');
    const person = await refusal(member, '/agent-status busy');
    expect([person.code, person.message]).to.deep.equal(['forbidden', '/agent-status is for agents to say what they are doing; @mia is a person.']);
    expect((await agentOf('worker')).currentTask, 'refusals changed nothing').to.equal('T-REG-1');

    const idle = nextEvent(watcher, 'presence', (e) => e.principal.name === 'worker' && e.status === 'idle');
    expect((await worker.command('/agent-status idle')).text).to.equal('🤖 @worker is idle');
    await idle;
    expect(await agentOf('worker')).to.include({ status: 'idle', currentTask: null });

    await admin.command('/task-status T-REG-1 --status=in_progress');
    expect((await agentOf('worker')).currentTask, 'the task in progress shows when none is declared').to.equal('T-REG-1');
    await endSession(t, worker);
    watcher.close();
  });

  it('an agent that declared busy is offline while away and busy again when it reconnects', async () => {
    const token = await t.tokenFor('returner', 'agent');
    const watcher = await t.connect();
    await watcher.join('lobby');
    let client = await t.connect(token);
    await client.command('/agent-status busy');

    const offline = nextEvent(watcher, 'presence', (e) => e.principal.name === 'returner' && e.status === 'offline');
    client.close();
    await offline;
    expect(await agentOf('returner')).to.include({ status: 'offline', declaredStatus: 'busy' });

    const back = nextEvent(watcher, 'presence', (e) => e.principal.name === 'returner');
    client = await t.connect(token);
    expect((await back).status).to.equal('busy');
    expect(await statusIn('returner')).to.equal('busy');
    await endSession(t, client);
    watcher.close();
  });

  it('keeps an agent with two sockets online until both are gone', async () => {
    const token = await t.tokenFor('duo', 'agent');
    const watcher = await t.connect();
    await watcher.join('lobby');
    const seen = record(watcher, 'presence');
    const duoEvents = () => seen.filter((e) => e.principal.name === 'duo').map((e) => e.status);
    const socketsOfDuo = async () => (await t.hub.io.fetchSockets()).filter((s) => s.data.principal.name === 'duo').length;

    const online = nextEvent(watcher, 'presence', (e) => e.principal.name === 'duo' && e.status === 'online');
    const first = await t.connect(token);
    await online;
    const second = await t.connect(token);
    await t.hub.presence.idle();
    expect(await statusIn('duo')).to.equal('online');

    first.close();
    await eventually(async () => (await socketsOfDuo()) === 1, { what: 'the hub saw the first socket go' });
    await t.hub.presence.idle();
    expect(await statusIn('duo'), 'one socket left').to.equal('online');
    expect(duoEvents()).to.deep.equal(['online']);

    const offline = nextEvent(watcher, 'presence', (e) => e.principal.name === 'duo' && e.status === 'offline');
    second.close();
    await offline;
    expect(await statusIn('duo')).to.equal('offline');
    expect(duoEvents()).to.deep.equal(['online', 'offline']);
    watcher.close();
  });
});
