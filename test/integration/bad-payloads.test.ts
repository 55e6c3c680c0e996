import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Task } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

/**
 * What a buggy or hostile client can put on the wire. A plain socket.io-client socket, untyped and
 * without the SDK's retries (which would add an ack to every emit), so payloads go out as written.
 */
async function rawSocket(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type Answer = { ok: boolean; error?: { code: string; message: string } };
const ask = (socket: Socket, event: string, ...args: unknown[]): Promise<Answer> => socket.timeout(3000).emitWithAck(event, ...args) as Promise<Answer>;

const BAD: Record<string, unknown[]> = {
  'chat:send': [
    { text: 'probe', clientId: 'p1' },
    { room: 'nope:x', text: 'probe' },
    { room: 'sprint:', text: 'probe' },
    { room: 'task:has space', text: 'probe' },
    { room: ['lobby'], text: 'probe' },
    { room: 'lobby', text: 42 },
    { room: 'lobby', text: '' },
    { room: 'lobby', text: 'probe', clientId: 'x'.repeat(129) },
    { room: 'lobby', text: 'probe', clientId: 7 },
    null,
    'lobby probe',
    [],
  ],
  'room:join': [{}, { room: 'nope:x' }, { room: 123 }, { room: 'agent:' }, null, 'lobby'],
  'room:history': [
    {},
    { room: 'nope:x' },
    { room: 'lobby', limit: 'ten' },
    { room: 'lobby', limit: 0 },
    { room: 'lobby', limit: 10_000 },
    { room: 'lobby', before: -1 },
    { room: 'lobby', after: 1.5 },
    { room: 'lobby', before: 5, after: 1 },
  ],
  'room:leave': [{ room: 5 }, { room: 'nope:x' }],
};

describe('bad payloads and bad tokens on the socket', () => {
  let admin: SwitchboardClient;
  let raw: Socket;

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    raw.close();
  });
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    raw = await rawSocket(t.url, t.adminToken);
    await admin.command('/sprints-create S-RAW --title="Raw"');
    await admin.command('/task-create T-RAW --title="Raw" --sprint=S-RAW');
  });

  const lobbyTexts = async () => (await admin.history({ room: 'lobby', limit: 200 })).map((m) => m.text);

  for (const [event, payloads] of Object.entries(BAD)) {
    it(`answers every malformed ${event} with bad_request naming the problem, and stores nothing`, async () => {
      const before = await lobbyTexts();
      for (const payload of payloads) {
        const answer = await ask(raw, event, payload);
        expect(answer, `${event} ${JSON.stringify(payload)}`).to.deep.include({ ok: false });
        expect(answer.error!.code, `${event} ${JSON.stringify(payload)}`).to.equal('bad_request');
        expect(answer.error!.message).to.match(new RegExp(`^Invalid ${event} `));
      }
      expect(await lobbyTexts()).to.deep.equal(before);
      expect((await ask(raw, 'chat:send', { room: 'lobby', text: 'still serving' })).ok).to.equal(true);
    });
  }

  it('answers a send to a room that does not exist with not_found, and to an inbox that is not yours with forbidden', async () => {
    const bob = await t.connect(await t.tokenFor('bob', 'agent'));
    await t.tokenFor('eve', 'agent');
    const missing = await bob.send('task:T-NOPE', 'hello?');
    expect(missing.ok ? null : missing.error.code).to.equal('not_found');
    const inbox = await bob.send('agent:eve', 'hello?');
    expect(inbox.ok ? null : inbox.error.code).to.equal('forbidden');
    expect(await admin.history({ room: 'agent:eve' })).to.satisfy((ms: { text: string }[]) => ms.every((m) => m.text !== 'hello?'));
  });

  it('answers an event sent with only an ack (no payload at all) with bad_request instead of leaving the client waiting', async () => {
    for (const event of ['chat:send', 'room:join', 'room:history']) {
      const answer = await ask(raw, event);
      expect(answer.error?.code, event).to.equal('bad_request');
    }
  });

  it('survives emits with no ack callback: valid ones still take effect, bad ones are dropped', async () => {
    raw.emit('chat:send', { room: 'task:T-RAW', text: '/task-note T-RAW "sent without an ack"', clientId: 'no-ack-1' });
    raw.emit('chat:send', { room: 'lobby', text: 'plain chat without an ack' });
    raw.emit('chat:send', { room: 'nope:x', text: 'bad and no ack' });
    raw.emit('chat:send', { room: 'task:T-RAW', text: '/task-status T-RAW --status=nonsense' });
    raw.emit('chat:send');
    raw.emit('room:join', { room: 'task:T-NOPE' });
    raw.emit('room:history', 'x');
    raw.emit('no-such-event', { anything: true });
    let task: Task | null = null;
    await eventually(async () => {
      task = (await admin.command('/task-detail T-RAW')).data.task;
      return task.context.includes('@admin: sent without an ack');
    }, { what: 'the note sent without an ack is on the task' });
    expect(task!.status).to.equal('todo');
    expect(await lobbyTexts()).to.include('plain chat without an ack');
    expect(raw.connected, 'the socket is still connected').to.equal(true);
    expect((await admin.command('/help task-note')).text).to.contain('/task-note CODE');
  });

  it('refuses a missing, unknown or mistyped token with connect_error "unauthorized", and keeps serving others', async () => {
    for (const token of [undefined, '', 'short', `sbt_${randomBytes(24).toString('base64url')}`, 12345, { token: 'x' }, 'x'.repeat(500)]) {
      const socket = io(t.url, { auth: { token, protocol: PROTOCOL_VERSION } as Record<string, unknown>, transports: ['websocket'], reconnection: false });
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(err.message, JSON.stringify(token)).to.equal('unauthorized');
    }
    const err = await SwitchboardClient.connect(t.url, 'sbt_revoked-or-never-issued', { socket: { reconnection: false } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.equal('unauthorized');
    expect((await admin.send('lobby', 'the hub is still here')).ok).to.equal(true);
  });
});
