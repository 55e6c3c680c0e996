import { expect } from 'chai';
import { Limits, type ChatSendAck } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';

type Refusal = Extract<ChatSendAck, { ok: false }>['error'];

/** Command lines typed in task:T-BAD that must be refused, and how. */
const REFUSED: { what: string; line: string; code: string; says: RegExp; usage?: string }[] = [
  { what: 'an unclosed quote', line: '/task-note T-BAD "never closed', code: 'bad_request', says: /double quote is not closed/, usage: '/task-note CODE "note text"' },
  { what: 'a bare slash', line: '/', code: 'bad_request', says: /A command starts with \/ and a name/ },
  { what: 'an unknown command', line: '/task-stat T-BAD --status=review', code: 'unknown_command', says: /There is no \/task-stat\. Did you mean \/task-status/ },
  { what: 'an unknown task', line: '/task-status T-NOPE --status=review', code: 'not_found', says: /There is no task T-NOPE/ },
  { what: 'an unknown sprint', line: '/task-create T-NEW --title="New" --sprint=S-NOPE', code: 'not_found', says: /There is no sprint S-NOPE/ },
  { what: 'a task that exists already', line: '/task-create T-BAD --title="Again" --sprint=S-BAD', code: 'already_exists', says: /Task T-BAD already exists/ },
  {
    what: 'an invalid status',
    line: '/task-status T-BAD --status=finished',
    code: 'invalid_args',
    says: /^Invalid --status: status must be one of todo, in_progress, blocked, review, completed, cancelled \(got "finished"\)\.$/,
    usage: '/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled',
  },
  { what: 'a move the life cycle forbids', line: '/task-status T-BLOCKED --status=completed', code: 'invalid_transition', says: /T-BLOCKED is blocked and cannot become completed/ },
  { what: 'a missing option', line: '/task-create T-NEW --sprint=S-BAD', code: 'invalid_args', says: /^Missing --title\.$/, usage: '/task-create CODE --title="Task title" --sprint=SPRINT [--priority=low|medium|high|urgent] [--assignee=@name]' },
  { what: 'a missing status', line: '/task-status T-BAD', code: 'invalid_args', says: /^Missing --status: status must be one of todo, /, usage: '/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled' },
  { what: 'missing task codes', line: '/tasks-status --status=review', code: 'invalid_args', says: /^Missing <codes>: give one or more task codes/, usage: '/tasks-status CODE1,CODE2,CODE3 --status=STATUS' },
  { what: 'a missing note', line: '/task-note T-BAD', code: 'invalid_args', says: /^Missing <note>\.$/, usage: '/task-note CODE "note text"' },
  { what: 'an empty note', line: '/task-note T-BAD ""', code: 'invalid_args', says: /the note is empty/ },
  { what: 'an option given twice', line: '/task-status T-BAD --status=review --status=todo', code: 'invalid_args', says: /^Invalid --status: / },
  { what: 'an unknown option', line: '/task-status T-BAD --status=review --colour=red', code: 'invalid_args', says: /^Unknown option --colour\.$/ },
  { what: 'a stray word', line: '/task-status T-BAD review', code: 'invalid_args', says: /Unexpected word: "review"/ },
  { what: 'a code that is no code', line: '/task-status "T BAD" --status=review', code: 'invalid_args', says: /a task code is letters, digits/ },
  { what: 'an oversize command', line: `/task-note T-BAD ${'x'.repeat(Limits.messageBytes)}`, code: 'too_large', says: /at most 16384 bytes/ },
  { what: 'a bulk move naming a missing task', line: '/tasks-status T-BAD,T-NOPE --status=review', code: 'not_found', says: /No task changed: T-NOPE does not exist/ },
  { what: 'a bulk move one task cannot make', line: '/tasks-status T-BAD,T-BLOCKED --status=completed', code: 'invalid_transition', says: /No task changed: T-BLOCKED is blocked/ },
];

describe('bad command input', () => {
  let admin: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-BAD --title="Where things go wrong"');
    await admin.command('/task-create T-BAD --title="Target of bad input" --sprint=S-BAD');
    await admin.command('/task-create T-BLOCKED --title="Stuck" --sprint=S-BAD');
    await admin.command('/task-status T-BLOCKED --status=blocked');
    await admin.command('/task-note T-BAD "first note"', 'task:T-BAD');
  });

  const detail = async (code: string) => (await admin.command(`/task-detail ${code}`)).data.task;

  /** What a user could look at: the room's messages, both tasks, the sprint's activity. Read through commands. */
  async function state() {
    return {
      room: (await admin.history({ room: 'task:T-BAD', limit: 200 })).map((m) => `${m.seq} ${m.kind} ${m.text}`),
      tasks: [await detail('T-BAD'), await detail('T-BLOCKED')],
      activity: (await admin.command('/activity --sprint=S-BAD --limit=100')).text,
      tasksInSprint: (await admin.command('/tasks --sprint=S-BAD')).text,
    };
  }

  for (const c of REFUSED) {
    it(`refuses ${c.what} with ${c.code}, writes nothing, and keeps serving`, async () => {
      const before = await state();
      const ack = await admin.send('task:T-BAD', c.line);
      expect(ack.ok, 'refused').to.equal(false);
      const error = (ack as { error: Refusal }).error;
      expect(error.code).to.equal(c.code);
      expect(error.message).to.match(c.says);
      expect(error.message, 'a sentence').to.match(/[.?]$/);
      if (c.usage) expect(error.usage).to.equal(c.usage);
      expect(await state(), 'nothing changed, no message stored').to.deep.equal(before);
    });
  }

  it('sends the usage line with every invalid_args refusal', async () => {
    for (const c of REFUSED.filter((r) => r.code === 'invalid_args')) {
      const ack = await admin.send('task:T-BAD', c.line);
      const command = c.line.split(' ')[0];
      expect(ack.ok ? null : ack.error.usage, c.what).to.be.a('string').and.satisfy((u: string) => u.startsWith(`${command} `));
    }
  });

  it('runs a command resent with the same clientId once: one note, one stored command, the same ack', async () => {
    const line = '/task-note T-BAD "noted exactly once"';
    const before = await state();
    const first = await admin.send('task:T-BAD', line, 'note-once');
    const [again, andAgain] = await Promise.all([admin.send('task:T-BAD', line, 'note-once'), admin.send('task:T-BAD', line, 'note-once')]);
    for (const ack of [again, andAgain]) expect(ack).to.deep.equal(first);
    expect(first.ok && first.result?.text).to.equal('✅ Note added to T-BAD');

    const context = (await detail('T-BAD')).context;
    expect(context.split('noted exactly once')).to.have.length(2);
    const after = await state();
    expect(after.room.length - before.room.length, 'the command and its result, once').to.equal(2);
    expect(after.room.slice(-2).map((m) => m.split(' ').slice(1, 3).join(' '))).to.deep.equal(['command /task-note', 'result ✅']);

    // Concurrent resends of a command never seen before still run it once.
    const racing = await Promise.all([1, 2, 3].map(() => admin.send('task:T-BAD', '/task-note T-BAD "raced once"', 'note-race')));
    expect(new Set(racing.map((a) => (a.ok ? a.message.id : a.error.code))).size).to.equal(1);
    expect((await detail('T-BAD')).context.split('raced once')).to.have.length(2);
  });

  it('keeps the same clientId of different senders apart', async () => {
    const bob = await t.connect(await t.tokenFor('bob', 'person'));
    const a = await admin.send('task:T-BAD', '/task-note T-BAD "from admin"', 'shared-id');
    const b = await bob.send('task:T-BAD', '/task-note T-BAD "from bob"', 'shared-id');
    expect(a.ok && b.ok && a.message.id !== b.message.id).to.equal(true);
    const context = (await detail('T-BAD')).context;
    expect(context).to.contain('@admin: from admin').and.to.contain('@bob: from bob');
  });

  it('leaves every task of a refused bulk move as it was, then does the whole valid move', async () => {
    await admin.send('task:T-BAD', '/tasks-status T-BAD,T-NOPE --status=review');
    expect((await detail('T-BAD')).status).to.equal('todo');
    const ok = await admin.command('/tasks-status T-BAD,T-BLOCKED --status=in_progress');
    expect(ok.text).to.equal('✅ 2 tasks marked as in_progress: T-BAD, T-BLOCKED');
    expect((await detail('T-BLOCKED')).status).to.equal('in_progress');
  });
});
