import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Limits, type ChatSendAck, type HealthResponse } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { openDatabase } from '../../server/db/connect.js';
import { startHub } from '../../server/hub.js';
import { HTTP_STATUS } from '../../server/http/status-codes.js';
import { testDatabaseUri } from '../support/database.js';
import { withTestHub } from '../support/hub.js';
import { Timeline, on } from '../support/timeline.js';

interface Answer {
  status: number;
  body: ChatSendAck;
}

describe('POST /api/commands and GET /healthz', () => {
  let admin: SwitchboardClient;

  /** POSTs a body (an object as JSON, a string as is) with a bearer token, or none when null. */
  async function post(body: unknown, token: string | null = t.adminToken, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${t.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ChatSendAck };
  }
  const failure = (a: Answer) => (a.body.ok ? expect.fail(`expected a refusal, got ${JSON.stringify(a.body)}`) : a.body.error);

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-HTTP --title="Over HTTP"');
    await admin.command('/task-create T-HTTP --title="Driven by curl" --sprint=S-HTTP');
  });

  it('refuses a request without a token, with a wrong one, or with a malformed header: 401 unauthorized, nothing run', async () => {
    const before = (await admin.history({ room: 'lobby', limit: 200 })).length;
    for (const [token, headers] of [
      [null, {}],
      ['sbt_wrong-token-0123456789', {}],
      [null, { authorization: t.adminToken }],
      [null, { authorization: `Basic ${t.adminToken}` }],
    ] as const) {
      const answer = await post({ line: '/sprints-create S-EVIL --title="Should not exist"' }, token, headers);
      expect(answer.status).to.equal(401);
      expect(answer.body).to.deep.include({ ok: false });
      expect(failure(answer).code).to.equal('unauthorized');
    }
    expect((await admin.history({ room: 'lobby', limit: 200 })).length).to.equal(before);
    const sprints = await post({ line: '/sprints' });
    expect(sprints.body.ok && sprints.body.result?.text).to.not.contain('S-EVIL');
  });

  it('runs a valid command: 200 with the ack shape, stored in the room given, heard by the room over the socket', async () => {
    await admin.join('task:T-HTTP');
    const tl = new Timeline(admin);
    const answer = await post({ line: '/task-note T-HTTP "posted over HTTP"', room: 'task:T-HTTP' });
    expect(answer.status).to.equal(200);
    if (!answer.body.ok) return expect.fail(JSON.stringify(answer.body));
    const { message, result } = answer.body;
    expect(message).to.include({ room: 'task:T-HTTP', kind: 'command', text: '/task-note T-HTTP "posted over HTTP"' });
    expect(message.sender.name).to.equal('admin');
    expect(result).to.include({ type: 'success', component: 'Toast', text: '✅ Note added to T-HTTP' });

    const [asked, answered, updated] = await tl.waitFor([
      on('chat:message', 'the command', (m) => m.id === message.id),
      on('chat:message', 'its result', (m) => m.replyTo === message.id && m.kind === 'result'),
      on('task:updated', 'task:updated note', (e) => e.task.code === 'T-HTTP' && e.change === 'note'),
    ]);
    expect(asked!.index).to.be.lessThan(answered!.index);
    expect(answered!.index).to.be.lessThan(updated!.index);
    const stored = await admin.history({ room: 'task:T-HTTP' });
    expect(stored.map((m) => m.id)).to.include(message.id);
    const task = (await admin.command('/task-detail T-HTTP')).data.task;
    expect(task.context).to.contain('@admin: posted over HTTP');
  });

  it('stores a command without a room in the caller\'s own inbox, and runs it as the token\'s principal', async () => {
    const token = await t.tokenFor('hana', 'person');
    const answer = await post({ line: '/sprints-create S-HANA --title="Hana\'s"' }, token);
    expect(answer.status).to.equal(200);
    if (!answer.body.ok) return expect.fail(JSON.stringify(answer.body));
    const { message } = answer.body;
    expect(message).to.include({ room: 'agent:hana', kind: 'command' });
    expect(message.sender.name).to.equal('hana');
    const inbox = await admin.history({ room: 'agent:hana' });
    expect(inbox.map((m) => m.id)).to.include(message.id);
    const sprint = (await admin.command('/sprint-detail S-HANA')).data;
    expect(sprint.sprint).to.include({ createdBy: 'hana', title: "Hana's" });
  });

  it('answers a failing command with the status of its code and stores nothing', async () => {
    const agent = await t.tokenFor('bot', 'agent');
    const before = await admin.history({ room: 'task:T-HTTP', limit: 200 });
    const cases: [string, string | null, string, number][] = [
      ['/task-status T-NOPE --status=review', null, 'not_found', 404],
      ['/task-status T-HTTP --status=finished', null, 'invalid_args', 400],
      ['/task-stat T-HTTP', null, 'unknown_command', 400],
      ['/task-create T-HTTP --title=Again --sprint=S-HTTP', null, 'already_exists', 409],
      ['/task-note T-HTTP "unclosed', null, 'bad_request', 400],
      ['/sprints-create S-BOT --title=Nope', agent, 'forbidden', 403],
    ];
    for (const [line, token, code, status] of cases) {
      const answer = await post({ line, room: 'task:T-HTTP' }, token ?? t.adminToken);
      expect(failure(answer).code, line).to.equal(code);
      expect(answer.status, line).to.equal(status).and.to.equal(HTTP_STATUS[code as keyof typeof HTTP_STATUS]);
    }
    await admin.command('/task-status T-HTTP --status=blocked');
    const transition = await post({ line: '/task-done T-HTTP "done?"' });
    expect([transition.status, failure(transition).code]).to.deep.equal([409, 'invalid_transition']);
    const usage = failure(await post({ line: '/task-status T-HTTP' }));
    expect(usage.usage).to.equal('/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled');
    expect(await admin.history({ room: 'task:T-HTTP', limit: 200 })).to.deep.equal(before);
  });

  it('answers a malformed body with 400 bad_request: not JSON, no line, not a command, a bad room', async () => {
    const bodies: unknown[] = ['{"line": "/help"', 'not json at all', {}, { line: 42 }, { line: '' }, { line: 'hello there' }, { line: '/help', room: 'nope:x' }, []];
    for (const body of bodies) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).to.equal(400);
      expect(failure(answer).code, JSON.stringify(body)).to.equal('bad_request');
    }
    const ok = await post({ line: '/help task-note' });
    expect(ok.status).to.equal(200);
  });

  it('answers an oversize line or body with 413 too_large, as the socket does, and runs nothing', async () => {
    const before = (await admin.history({ room: 'task:T-HTTP', limit: 200 })).length;
    const notes = { 'ASCII over the limit': 'x'.repeat(Limits.messageBytes), 'over in bytes, not in characters': 'é'.repeat(Limits.messageBytes / 2), 'a body over 64 KB': 'x'.repeat(70 * 1024) };
    for (const [what, note] of Object.entries(notes)) {
      const answer = await post({ line: `/task-note T-HTTP ${note}`, room: 'task:T-HTTP' });
      expect([answer.status, failure(answer).code], what).to.deep.equal([413, 'too_large']);
    }
    expect((await admin.history({ room: 'task:T-HTTP', limit: 200 })).length).to.equal(before);
  });

  it('treats a resent clientId as the same command: one run, the same answer', async () => {
    const body = { line: '/task-note T-HTTP "once over HTTP"', room: 'task:T-HTTP', clientId: 'http-once' };
    const first = await post(body);
    const second = await post(body);
    expect(second).to.deep.equal(first);
    const task = (await admin.command('/task-detail T-HTTP')).data.task;
    expect(task.context.split('once over HTTP')).to.have.length(2);
  });

  it('GET /healthz answers 200 {ok: true, db: "up"} without a token', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).to.equal(200);
    expect((await res.json()) as HealthResponse).to.deep.equal({ ok: true, db: 'up' });
  });

  it('GET /healthz answers 503 {ok: false, db: "down", reason} once the database is gone', async () => {
    const db = await openDatabase(testDatabaseUri(), `sbtest_health_${randomBytes(4).toString('hex')}`);
    const hub = await startHub({ db, port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${hub.url}/healthz`)).status).to.equal(200);
      await db.conn.dropDatabase();
      await db.close();
      const res = await fetch(`${hub.url}/healthz`);
      expect(res.status).to.equal(503);
      const body = (await res.json()) as HealthResponse;
      expect(body).to.include({ ok: false, db: 'down' });
      expect(body.reason, 'says why').to.be.a('string').and.not.equal('');
    } finally {
      await hub.close();
    }
  });
});
