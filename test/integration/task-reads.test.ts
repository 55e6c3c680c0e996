import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { logQueries, type LoggedQuery } from '../support/query-log.js';
import { startTestHub, type TestHub } from '../support/hub.js';

/**
 * One command reads the task it is about once: the room checks, the rights check, the handler
 * and its write share that read (TaskMemo), counted here at the database driver.
 */
describe('a command reads its task once', () => {
  let t: TestHub;
  let admin: SwitchboardClient;
  let bot: SwitchboardClient;
  before(async () => {
    t = await startTestHub();
    admin = await t.connect();
    await admin.command('/sprints-create S-READ --title="Reads"');
    for (const code of ['T-NOTE', 'T-MOVE', 'T-LOOK', 'T-PERSON', 'T-DONE', 'T-HAND', 'T-DEP']) await admin.command(`/task-create ${code} --title="Read once" --sprint=S-READ --assignee=@bot`);
    await admin.command('/task-create T-FREE --title="Free to claim" --sprint=S-READ');
    await admin.command('/task-create T-HELD --title="Held" --sprint=S-READ');
    bot = await t.connect(await t.tokenFor('bot', 'agent'));
    for (const code of ['T-HELD', 'T-DONE', 'T-HAND']) await bot.command(`/task-claim ${code}`);
  });
  after(async () => {
    await t.stop();
  });

  /** The reads of task `code` by its code while `line` runs (a find of the whole task or of a few fields, or a count). */
  async function readsOf(client: SwitchboardClient, room: string, line: string, code: string): Promise<LoggedQuery[]> {
    const log = logQueries(t.db);
    try {
      const ack = await client.send(room, line);
      expect(ack.ok, line).to.equal(true);
    } finally {
      log.stop();
    }
    const named = (filter: Record<string, unknown>) => filter.code === code || JSON.stringify(filter.code) === JSON.stringify({ $in: [code] });
    return log.queries.filter((q) => q.collection === 'tasks' && (q.command === 'find' || q.command === 'count') && named(q.filter));
  }

  const cases: { who: 'agent' | 'person'; room: string; line: string; code: string }[] = [
    // The first command in a task room also learns that the room exists.
    { who: 'agent', room: 'task:T-NOTE', line: '/task-note T-NOTE "one read"', code: 'T-NOTE' },
    { who: 'agent', room: 'task:T-MOVE', line: '/task-status T-MOVE --status=in_progress', code: 'T-MOVE' },
    { who: 'agent', room: 'lobby', line: '/task-note T-MOVE "from the lobby"', code: 'T-MOVE' },
    { who: 'agent', room: 'task:T-LOOK', line: '/task-detail T-LOOK', code: 'T-LOOK' },
    { who: 'agent', room: 'lobby', line: '/task-claim T-FREE', code: 'T-FREE' },
    // A holder's command renews its lease from the same read.
    { who: 'agent', room: 'task:T-HELD', line: '/task-note T-HELD "still mine"', code: 'T-HELD' },
    // Review gate, dependencies released, the assignment parcel: each asks about the same task.
    { who: 'agent', room: 'task:T-DONE', line: '/task-done T-DONE "finished"', code: 'T-DONE' },
    { who: 'agent', room: 'task:T-HAND', line: '/task-handoff T-HAND @admin "the rest"', code: 'T-HAND' },
    { who: 'person', room: 'task:T-DEP', line: '/task-depends T-DEP --on=T-LOOK', code: 'T-DEP' },
    { who: 'person', room: 'task:T-PERSON', line: '/task-note T-PERSON "a person"', code: 'T-PERSON' },
  ];
  for (const { who, room, line, code } of cases) {
    it(`${line} by an ${who} in ${room}`, async () => {
      const reads = await readsOf(who === 'agent' ? bot : admin, room, line, code);
      expect(reads.map((q) => `${q.command} ${JSON.stringify(q.filter)}`)).to.deep.equal([`find {"code":"${code}"}`]);
    });
  }
});
