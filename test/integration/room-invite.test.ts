import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';

const joinError = (client: SwitchboardClient, room: string) =>
  client.join(room).then(
    () => null,
    (e: { code: string }) => e.code,
  );

describe('room invitations (/room-invite, /room-uninvite)', () => {
  let admin: SwitchboardClient;
  let member: SwitchboardClient;
  let guest: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    member = await t.connect(await t.tokenFor('mia', 'person'));
    guest = await t.connect(await t.tokenFor('guest', 'agent'));
    await admin.command('/sprints-create S-INV --title="Invitations"');
    await admin.command('/task-create T-INV --title="Someone else\'s" --sprint=S-INV --assignee=@mia');
    await admin.command('/task-create T-INV-2 --title="Another" --sprint=S-INV');
  });

  it('lets an invited agent into a task room, and keeps it out again once uninvited', async () => {
    expect(await joinError(guest, 'task:T-INV'), 'before the invitation').to.equal('forbidden');

    expect((await member.command('/room-invite @guest task:t-inv')).text).to.equal('✅ @guest may now use task:T-INV');
    expect(await joinError(guest, 'task:T-INV'), 'invited').to.equal(null);
    expect((await guest.command('/task-note T-INV "looked at it"', 'task:T-INV')).text).to.contain('T-INV');
    expect(await joinError(guest, 'task:T-INV-2'), 'only that task').to.equal('forbidden');

    expect((await admin.command('/room-uninvite @guest task:T-INV')).text).to.equal('✅ @guest was uninvited from task:T-INV');
    expect(await joinError(guest, 'task:T-INV'), 'uninvited').to.equal('forbidden');
    expect((await refusal(guest, '/task-note T-INV "again"', 'task:T-INV')).code).to.equal('forbidden');

    const log = (await admin.command('/activity --task=T-INV')).data.rows.map((r) => `${r.who} ${r.what}`);
    expect(log).to.include.members(['@mia invited @guest to task:T-INV', '@admin took back the invitation of @guest to task:T-INV']);
  });

  it('a sprint invitation opens the sprint room and the rooms of its tasks', async () => {
    expect(await joinError(guest, 'sprint:S-INV')).to.equal('forbidden');
    await admin.command('/room-invite guest sprint:S-INV');
    expect(await joinError(guest, 'sprint:S-INV')).to.equal(null);
    expect(await joinError(guest, 'task:T-INV-2')).to.equal(null);
    await admin.command('/room-uninvite guest sprint:S-INV');
    expect(await joinError(guest, 'task:T-INV-2')).to.equal('forbidden');
  });

  it('refuses agents, unknown rooms and names, other kinds of room, and inviting twice or uninviting nobody', async () => {
    const byAgent = await refusal(guest, '/room-invite @guest task:T-INV');
    expect([byAgent.code, byAgent.message]).to.deep.equal(['forbidden', '/room-invite is for admins or members; you are agent.']);
    expect((await refusal(guest, '/room-uninvite @guest task:T-INV')).code).to.equal('forbidden');

    expect((await refusal(admin, '/room-invite @guest task:T-NOPE')).code).to.equal('not_found');
    expect((await refusal(admin, '/room-invite @guest sprint:S-NOPE')).code).to.equal('not_found');
    const nobody = await refusal(admin, '/room-invite @nobody task:T-INV');
    expect([nobody.code, nobody.message]).to.deep.equal(['not_found', 'There is no @nobody; create them with /token-create or /agent-register first.']);
    for (const line of ['/room-invite @guest lobby', '/room-invite @guest agent:guest', '/room-invite @guest', '/room-invite task:T-INV']) {
      expect((await refusal(admin, line)).code, line).to.equal('invalid_args');
    }

    await admin.command('/room-invite @guest task:T-INV-2');
    const twice = await refusal(admin, '/room-invite @guest task:T-INV-2');
    expect([twice.code, twice.message]).to.deep.equal(['already_exists', '@guest is already invited to task:T-INV-2.']);
    await admin.command('/room-uninvite @guest task:T-INV-2');
    const gone = await refusal(admin, '/room-uninvite @guest task:T-INV-2');
    expect([gone.code, gone.message]).to.deep.equal(['not_found', '@guest was not invited to task:T-INV-2; nothing to take back.']);
    expect(await joinError(guest, 'task:T-INV-2')).to.equal('forbidden');
  });
});
