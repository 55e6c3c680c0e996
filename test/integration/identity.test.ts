import { expect } from 'chai';
import { SwitchboardClient, SwitchboardHttp } from '../../client/sdk/index.js';
import type { TableData } from '../../protocol/index.js';
import { nextEvent } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { CONNECT_CONCURRENCY } from '../../server/hub/connect-gate.js';
import { eventually } from '../support/wait.js';

const rowsOf = <R>(data: TableData<R>) => data.rows;

describe('identity: who speaks, and tokens that can be revoked', () => {
  let admin: SwitchboardClient;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
  });

  it('always sends as the token’s principal, whatever fields a client adds', async () => {
    const token = await t.tokenFor('mallory', 'agent');
    const mallory = await t.connect(token);
    const spoof = { id: 'x', name: 'admin', kind: 'person' };
    const seen = nextEvent(admin, 'chat:message', (m) => m.text === 'I am the admin');
    await admin.join('lobby');
    const raw = (await mallory.socket.emitWithAck('chat:send', { room: 'lobby', text: 'I am the admin', sender: spoof, from: spoof } as never)) as { ok: boolean };
    expect(raw.ok).to.equal(true);
    expect((await seen).sender).to.include({ name: 'mallory', kind: 'agent' });

    const res = await fetch(`${t.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line: '/agent-log "as whom?"', sender: spoof, principal: spoof }),
    });
    expect(res.status).to.equal(200);
    const logged = await t.db.models.activities.findOne({ type: 'agent.log', text: 'as whom?' }).lean();
    expect(logged!.actor.name).to.equal('mallory');

    await mallory.command('/message-send @admin "From me" "really"');
    const parcel = await t.db.models.parcels.findOne({ subject: 'From me' }).lean();
    expect(parcel!.from).to.include({ name: 'mallory', kind: 'agent' });
  });

  it('lists tokens with their last use, revokes one, and closes the connections opened with it at once', async () => {
    const first = await t.tokenFor('rita', 'person');
    const second = await t.tokenFor('rita', 'person');
    const a = await t.connect(first);
    const b = await t.connect(second);
    await a.command('/dashboard');
    const listed = rowsOf((await admin.command('/tokens @rita')).data);
    expect(listed).to.have.length(2);
    expect(listed.every((r) => r.state === 'active' && r.lastUsed)).to.equal(true);

    const firstId = (await t.db.models.tokens.find({}).sort({ _id: 1 }).lean()).filter((d) => listed.some((r) => r.id === String(d._id)))[0]!._id;
    const gone = new Promise<string>((resolve) => a.socket.once('disconnect', (reason) => resolve(reason)));
    const revoked = await admin.command(`/token-revoke @rita ${firstId}`);
    expect(revoked.text).to.equal('🔒 Revoked 1 token of @rita');
    expect(await gone).to.equal('io server disconnect');
    expect(b.socket.connected, 'the other token still works').to.equal(true);
    expect((await b.command('/dashboard')).type).to.equal('info');

    const again = await SwitchboardClient.connect(t.url, first, { socket: { reconnection: false } }).then(
      () => 'connected',
      (err: Error) => err.message,
    );
    expect(again).to.equal('unauthorized');
    expect((await new SwitchboardHttp(t.url, first).send('/dashboard')).ok).to.equal(false);
    const after = rowsOf((await admin.command('/tokens @rita')).data);
    expect(after.find((r) => r.id === String(firstId))!.state).to.match(/^revoked /);
  });

  it('lets anyone revoke their own tokens, and only admins those of others', async () => {
    const own = await t.tokenFor('sam', 'person');
    const sam = await t.connect(own);
    await t.tokenFor('tess', 'person');
    expect((await refusal(sam, '/tokens @tess')).code).to.equal('forbidden');
    expect((await refusal(sam, '/token-revoke @tess --all')).code).to.equal('forbidden');
    expect((await refusal(sam, '/token-revoke @sam')).code).to.equal('invalid_args');
    expect((await refusal(sam, '/token-revoke @sam 123')).code).to.equal('invalid_args');
    expect((await refusal(sam, `/token-revoke @sam ${'a'.repeat(24)}`)).code).to.equal('not_found');
    expect((await refusal(admin, '/token-revoke @nobody --all')).code).to.equal('not_found');
    expect(rowsOf((await sam.command('/tokens')).data)).to.have.length(1);
    const gone = new Promise<void>((resolve) => sam.socket.once('disconnect', () => resolve()));
    const ack = await sam.send('lobby', '/token-revoke @sam --all');
    expect(ack.ok && ack.result?.text).to.equal('🔒 Revoked 1 token of @sam');
    await gone;
    await eventually(async () => !(await new SwitchboardHttp(t.url, own).send('/dashboard')).ok, { what: 'the revoked token is refused' });
  });

  it('greets every socket of a burst larger than it sets up at once as its own principal, marks each online, and refuses a bad token among them', async () => {
    const count = CONNECT_CONCURRENCY + 8;
    const issued = await Promise.all(Array.from({ length: count }, (_, i) => t.hub.services.tokens.issue(`burst-${i}`, 'person', 'member')));
    const [clients, bad] = await Promise.all([
      Promise.all(issued.map(({ token }) => t.connect(token))),
      t.connect('sbt_not_a_token_of_anyone').then(
        () => null,
        (err: Error) => err.message,
      ),
    ]);
    expect(bad).to.equal('unauthorized');
    expect(clients.map((c) => c.principal?.name)).to.deep.equal(issued.map((_, i) => `burst-${i}`));
    await t.hub.presence.idle();
    const names = issued.map((_, i) => `burst-${i}`);
    expect(await t.db.models.principals.countDocuments({ name: { $in: names }, online: true })).to.equal(count);
    const ids = issued.map(({ principal }) => principal._id);
    expect(await t.db.models.sessions.countDocuments({ principalId: { $in: ids }, endedAt: null })).to.equal(count);
    for (const c of clients) c.close();
  });
});
