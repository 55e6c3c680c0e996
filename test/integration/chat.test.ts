import { expect } from 'chai';
import { Limits } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

describe('chat over socket.io', () => {
  const t = withTestHub();

  it('refuses a missing or wrong token with connect_error "unauthorized"', async () => {
    for (const token of ['', 'sbt_not-a-real-token']) {
      const err = await SwitchboardClient.connect(t.url, token, { socket: { reconnection: false } }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).to.equal('unauthorized');
    }
  });

  it('refuses a client of another protocol version with clientTooOld / serverTooOld', async () => {
    const { io } = await import('socket.io-client');
    for (const [protocol, expected] of [
      [0, 'clientTooOld'],
      [99, 'serverTooOld'],
    ] as const) {
      const socket = io(t.url, { auth: { token: t.adminToken, protocol }, transports: ['websocket'], reconnection: false });
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(err.message).to.equal(expected);
    }
  });

  it('catches up after a reconnect with what was sent meanwhile, in order', async () => {
    const watcher = await t.connect();
    const talker = await t.connect();
    await watcher.join('lobby');
    await watcher.send('lobby', 'before the gap');
    const missed: string[] = [];
    watcher.onMissed((m) => missed.push(m.text));
    watcher.socket.disconnect();
    for (const text of ['gap 1', 'gap 2', 'gap 3']) await talker.send('lobby', text);
    watcher.socket.connect();
    await eventually(() => expect(missed).to.deep.equal(['gap 1', 'gap 2', 'gap 3']));
  });

  it('says hello with the principal behind the token', async () => {
    const c = await t.connect();
    expect(c.principal).to.include({ name: 'admin', role: 'admin' });
  });

  it('stores, broadcasts and pages messages by per-room seq', async () => {
    const alice = await t.connect();
    const bob = await t.connect();
    await alice.join('lobby');
    await bob.join('lobby');
    const seen = record(bob, 'chat:message');
    const sent = [];
    for (let i = 0; i < 5; i++) {
      const ack = await alice.send('lobby', `hello ${i}`);
      expect(ack.ok).to.equal(true);
      if (ack.ok) sent.push(ack.message);
    }
    expect(sent.map((m) => m.seq)).to.deep.equal([...sent.map((m) => m.seq)].sort((a, b) => a - b));
    await eventually(() => expect(seen.map((m) => m.text)).to.include.members(['hello 0', 'hello 4']));
    const after = await bob.history({ room: 'lobby', after: sent[1]!.seq });
    expect(after.map((m) => m.text)).to.deep.equal(['hello 2', 'hello 3', 'hello 4']);
    const before = await bob.history({ room: 'lobby', before: sent[2]!.seq, limit: 2 });
    expect(before.map((m) => m.text)).to.deep.equal(['hello 0', 'hello 1']);
  });

  it('answers a resend with the same clientId with the same message, stored once', async () => {
    const c = await t.connect();
    const [a, b] = await Promise.all([c.send('lobby', 'only once', 'fixed-id-1'), c.send('lobby', 'only once', 'fixed-id-1')]);
    const again = await c.send('lobby', 'only once', 'fixed-id-1');
    expect(a.ok && b.ok && again.ok).to.equal(true);
    if (a.ok && b.ok && again.ok) {
      expect(b.message.id).to.equal(a.message.id);
      expect(again.message.id).to.equal(a.message.id);
    }
    const stored = (await c.history({ room: 'lobby', limit: 200 })).filter((m) => m.text === 'only once');
    expect(stored).to.have.length(1);
  });

  it('refuses an oversize message with too_large and stores nothing', async () => {
    const c = await t.connect();
    const ack = await c.send('lobby', 'x'.repeat(Limits.messageBytes + 1));
    expect(ack.ok).to.equal(false);
    if (!ack.ok) expect(ack.error.code).to.equal('too_large');
    const texts = (await c.history({ room: 'lobby', limit: 5 })).map((m) => m.text.length);
    expect(texts).to.not.include(Limits.messageBytes + 1);
  });
});
