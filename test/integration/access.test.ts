import { expect } from 'chai';
import { SwitchboardError, type SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';

/** The rights that exist today: who may run which command, and who may enter which room. */
describe('authorization', () => {
  let admin: SwitchboardClient;
  let agent: SwitchboardClient;
  let member: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    agent = await t.connect(await t.tokenFor('ada', 'agent'));
    member = await t.connect(await t.tokenFor('mia', 'person'));
    await t.tokenFor('other-bot', 'agent');
    await admin.command('/sprints-create S-ACL --title="Rights"');
    await admin.command('/task-create T-MINE --title="Ada\'s" --sprint=S-ACL --assignee=@ada');
    await admin.command('/task-create T-THEIRS --title="Not Ada\'s" --sprint=S-ACL --assignee=@other-bot');
  });

  const detail = async (code: string) => (await admin.command(`/task-detail ${code}`)).data.task;

  it('refuses /token-create and /sprints-create (and other people\'s commands) to an agent with forbidden', async () => {
    const lobbyBefore = (await admin.history({ room: 'lobby', limit: 200 })).length;
    for (const [line, says] of [
      ['/token-create @mallory --kind=person --role=admin', '/token-create is for admins; you are agent.'],
      ['/sprints-create S-AGENT --title="By an agent"', '/sprints-create is for admins or members; you are agent.'],
      ['/task-create T-AGENT --title=Mine --sprint=S-ACL', '/task-create is for admins or members; you are agent.'],
      ['/task-assign T-THEIRS @ada', '/task-assign is for admins or members; you are agent.'],
      ['/sprint-status S-ACL --status=active', '/sprint-status is for admins or members; you are agent.'],
    ]) {
      const e = await refusal(agent, line!);
      expect([e.code, e.message], line).to.deep.equal(['forbidden', says]);
    }
    expect((await admin.history({ room: 'lobby', limit: 200 })).length, 'no refused command is stored').to.equal(lobbyBefore);
    expect((await admin.command('/sprints')).text).to.not.contain('S-AGENT');
    expect((await detail('T-THEIRS')).assignee).to.equal('other-bot');
    const err = await t.connect('sbt_never-issued-to-mallory', { socket: { reconnection: false } }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err).to.equal('unauthorized');
  });

  it('refuses /token-create to a member, who may still create sprints', async () => {
    expect((await refusal(member, '/token-create @friend --kind=person')).code).to.equal('forbidden');
    expect((await member.command('/sprints-create S-MIA --title="Mia\'s"')).text).to.equal("✅ Sprint S-MIA created: Mia's");
  });

  it('keeps an agent out of another agent\'s inbox: join, history and send are forbidden; its own inbox is open', async () => {
    for (const attempt of [
      () => agent.join('agent:other-bot'),
      () => agent.history({ room: 'agent:other-bot' }),
      () => agent.command('/help', 'agent:other-bot'),
    ]) {
      const e = await attempt().then(
        () => expect.fail('allowed'),
        (err: SwitchboardError) => err,
      );
      expect([e.code, e.message]).to.deep.equal(['forbidden', 'agent:other-bot is the inbox of @other-bot; only that agent and admins may use it.']);
    }
    expect(await agent.join('agent:ada')).to.be.an('array');
    expect((await refusal(member, 'hello', 'agent:other-bot')).code, 'people other than admins stay out too').to.equal('forbidden');
    expect(await admin.join('agent:other-bot')).to.be.an('array');
  });

  it('lets an agent work on its own task but not change or enter someone else\'s', async () => {
    await agent.join('task:T-MINE');
    await agent.command('/task-note T-MINE "mine to write"', 'task:T-MINE');
    expect((await detail('T-MINE')).context).to.contain('@ada: mine to write');

    const before = await detail('T-THEIRS');
    for (const line of ['/task-note T-THEIRS "not mine"', '/task-status T-THEIRS --status=in_progress', '/task-done T-THEIRS "stolen"', '/tasks-status T-MINE,T-THEIRS --status=review']) {
      const e = await refusal(agent, line);
      expect(e.code, line).to.equal('forbidden');
      expect(e.message).to.contain('may not change T-THEIRS');
    }
    expect(await detail('T-THEIRS')).to.deep.equal(before);
    expect((await detail('T-MINE')).status, 'the bulk move changed none of them').to.equal('todo');
    const e = await agent.join('task:T-THEIRS').then(
      () => expect.fail('joined'),
      (err: SwitchboardError) => err,
    );
    expect(e.code).to.equal('forbidden');
  });

  it('lets members into every task and sprint room, and agents into the sprint of their task only', async () => {
    await admin.command('/sprints-create S-ELSEWHERE --title="Not Ada\'s sprint"');
    await admin.command('/task-create T-ELSEWHERE --title="Far away" --sprint=S-ELSEWHERE');
    for (const room of ['lobby', 'sprint:S-ACL', 'task:T-THEIRS', 'sprint:S-ELSEWHERE', 'task:T-ELSEWHERE']) {
      expect(await member.join(room), room).to.be.an('array');
    }
    expect(await agent.join('sprint:S-ACL'), 'the sprint of its task').to.be.an('array');
    for (const room of ['sprint:S-ELSEWHERE', 'task:T-ELSEWHERE']) {
      const e = await agent.join(room).then(
        () => expect.fail(`joined ${room}`),
        (err: SwitchboardError) => err,
      );
      expect(e.code, room).to.equal('forbidden');
      expect(e.message).to.contain('/room-invite');
    }
  });
});
