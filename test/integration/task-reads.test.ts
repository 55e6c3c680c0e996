import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { logQueries, type LoggedQuery } from '../support/query-log.js';
import { withTestHub, withTwoHubs, type TestHub } from '../support/hub.js';
import { ManualClock } from '../support/clock.js';
import { TASK_COPY_MAX_AGE_MS } from '../../server/services/task-cache.js';

/** The reads of task `code` by its code on `hub` while `line` runs (a find of the whole task or of a few fields, or a count). */
async function taskReads(hub: TestHub, client: SwitchboardClient, room: string, line: string, code: string): Promise<LoggedQuery[]> {
  const log = logQueries(hub.db);
  try {
    const ack = await client.send(room, line);
    expect(ack.ok, line).to.equal(true);
  } finally {
    log.stop();
  }
  const named = (filter: Record<string, unknown>) => filter.code === code || JSON.stringify(filter.code) === JSON.stringify({ $in: [code] });
  return log.queries.filter((q) => q.collection === 'tasks' && (q.command === 'find' || q.command === 'count') && named(q.filter));
}

/**
 * One command reads the task it is about once at most: the room checks, the rights check, the
 * handler and its write share one copy (TaskMemo), and a hub that wrote or read the task keeps
 * it (TaskCache), so the next command does not read it at all. Counted at the database driver,
 * on a second hub over the same database that has not seen the tasks yet.
 */
describe('a command reads its task at most once, and not at all where the hub knows it', () => {
  // `cold` reads nothing until the tests: the tasks `t` makes are new to it.
  const [t, cold] = withTwoHubs();
  let admin: SwitchboardClient;
  let bot: SwitchboardClient;
  let token: string;
  before(async () => {
    const maker = await t.connect();
    await maker.command('/sprints-create S-READ --title="Reads"');
    for (const code of ['T-NOTE', 'T-MOVE', 'T-LOOK', 'T-PERSON', 'T-DONE', 'T-HAND', 'T-DEP']) await maker.command(`/task-create ${code} --title="Read once" --sprint=S-READ --assignee=@bot`);
    await maker.command('/task-create T-FREE --title="Free to claim" --sprint=S-READ');
    await maker.command('/task-create T-HELD --title="Held" --sprint=S-READ');
    token = await t.tokenFor('bot', 'agent');
    const claimer = await t.connect(token);
    for (const code of ['T-HELD', 'T-DONE', 'T-HAND']) await claimer.command(`/task-claim ${code}`);
    admin = await cold.connect(cold.adminToken);
    bot = await cold.connect(token);
  });

  const readsOf = (client: SwitchboardClient, room: string, line: string, code: string) => taskReads(cold, client, room, line, code);

  // `reads`: 1 on this hub's first command about the task, 0 once it has read or written it.
  const cases: { who: 'agent' | 'person'; room: string; line: string; code: string; reads: 0 | 1 }[] = [
    // The first command in a task room also learns that the room exists.
    { who: 'agent', room: 'task:T-NOTE', line: '/task-note T-NOTE "one read"', code: 'T-NOTE', reads: 1 },
    { who: 'agent', room: 'task:T-MOVE', line: '/task-status T-MOVE --status=in_progress', code: 'T-MOVE', reads: 1 },
    { who: 'agent', room: 'task:T-LOOK', line: '/task-detail T-LOOK', code: 'T-LOOK', reads: 1 },
    { who: 'agent', room: 'lobby', line: '/task-claim T-FREE', code: 'T-FREE', reads: 1 },
    // A holder's command sees from the same read whether its lease is due for renewal.
    { who: 'agent', room: 'task:T-HELD', line: '/task-note T-HELD "still mine"', code: 'T-HELD', reads: 1 },
    // Review gate, dependencies released, the assignment parcel: each asks about the same task.
    { who: 'agent', room: 'task:T-DONE', line: '/task-done T-DONE "finished"', code: 'T-DONE', reads: 1 },
    { who: 'agent', room: 'task:T-HAND', line: '/task-handoff T-HAND @admin "the rest"', code: 'T-HAND', reads: 1 },
    { who: 'person', room: 'task:T-DEP', line: '/task-depends T-DEP --on=T-LOOK', code: 'T-DEP', reads: 1 },
    { who: 'person', room: 'task:T-PERSON', line: '/task-note T-PERSON "a person"', code: 'T-PERSON', reads: 1 },
    { who: 'agent', room: 'task:T-NOTE', line: '/task-note T-NOTE "no read"', code: 'T-NOTE', reads: 0 },
    { who: 'agent', room: 'task:T-NOTE', line: 'a chat line in the room of a task assigned to me', code: 'T-NOTE', reads: 0 },
    { who: 'agent', room: 'task:T-MOVE', line: '/task-status T-MOVE --status=review', code: 'T-MOVE', reads: 0 },
    { who: 'agent', room: 'lobby', line: '/task-note T-MOVE "from the lobby"', code: 'T-MOVE', reads: 0 },
    { who: 'agent', room: 'task:T-HELD', line: '/task-note T-HELD "lease renewed, no read"', code: 'T-HELD', reads: 0 },
    { who: 'agent', room: 'lobby', line: '/task-detail T-LOOK', code: 'T-LOOK', reads: 0 },
    { who: 'person', room: 'task:T-PERSON', line: '/task-note T-PERSON "no read"', code: 'T-PERSON', reads: 0 },
  ];
  for (const { who, room, line, code, reads } of cases) {
    it(`${line} by an ${who} in ${room}: ${reads ? `one read on a hub that had not seen ${code}` : `no read once the hub knows ${code}`}`, async () => {
      const found = await readsOf(who === 'agent' ? bot : admin, room, line, code);
      expect(found.map((q) => `${q.command} ${JSON.stringify(q.filter)}`)).to.deep.equal(reads ? [`find {"code":"${code}"}`] : []);
    });
  }

  it('lets an agent work in the room of its own task without reading its invitations', async () => {
    const log = logQueries(cold.db);
    try {
      expect((await bot.send('task:T-NOTE', '/task-note T-NOTE "mine"')).ok).to.equal(true);
      expect((await bot.send('task:T-NOTE', 'and a line')).ok).to.equal(true);
    } finally {
      log.stop();
    }
    expect(log.queries.filter((q) => q.collection === 'room_grants')).to.deep.equal([]);
  });

  it("extends a holder's lease from its command once a tenth of the lease has passed, not on every command", async () => {
    await admin.command('/task-create T-RENEW --title="Renewed now and then" --sprint=S-READ --assignee=@bot');
    await bot.command('/task-claim T-RENEW --lease=1h');
    const renewals = async (hub: TestHub, client: SwitchboardClient, line: string) => {
      const log = logQueries(hub.db);
      try {
        expect((await client.send('task:T-RENEW', line)).ok, line).to.equal(true);
      } finally {
        log.stop();
      }
      // The extension is an update conditional on the holder; the note's own write is a findAndModify.
      return log.queries.filter((q) => q.collection === 'tasks' && q.command === 'update' && q.filter.claimedBy === 'bot').length;
    };
    const leaseLeft = async () => (await cold.db.models.tasks.findOne({ code: 'T-RENEW' }).lean())!.leaseUntil!.getTime() - Date.now();

    expect(await renewals(cold, bot, '/task-note T-RENEW "just claimed"'), 'a lease claimed a moment ago').to.equal(0);
    expect(await renewals(cold, bot, '/task-note T-RENEW "still fresh"')).to.equal(0);
    // As if 55 minutes had passed: the other hub, which has not seen the task, reads it so.
    await cold.db.models.tasks.updateOne({ code: 'T-RENEW' }, { $set: { leaseUntil: new Date(Date.now() + 5 * 60_000) } });
    const elsewhere = await t.connect(token);
    expect(await renewals(t, elsewhere, '/task-note T-RENEW "five minutes left"'), 'a lease more than a tenth through').to.equal(1);
    expect(await leaseLeft()).to.be.greaterThan(59 * 60_000);
    expect(await renewals(t, elsewhere, '/task-note T-RENEW "renewed a moment ago"')).to.equal(0);
  });
});

describe('a task copy a hub kept is read again once it is a minute old', () => {
  const clock = new ManualClock();
  const t = withTestHub({ clock });

  it('serves a fresh copy without a read, and reads one older than the limit once', async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-AGE --title="Ages"');
    await admin.command('/task-create T-AGE --title="Kept a while" --sprint=S-AGE');
    const reads = async (line: string) => (await taskReads(t, admin, 'task:T-AGE', line, 'T-AGE')).length;
    expect(await reads('/task-note T-AGE "kept"')).to.equal(0);
    clock.advance(TASK_COPY_MAX_AGE_MS - 1000);
    expect(await reads('/task-note T-AGE "still kept"'), 'the note before refreshed the copy').to.equal(0);
    clock.advance(TASK_COPY_MAX_AGE_MS + 1000);
    expect(await reads('/task-note T-AGE "too old"')).to.equal(1);
    expect(await reads('/task-note T-AGE "kept again"')).to.equal(0);
  });

  it('does not let lease renewals keep a copy young: only what a write stored, or a read found, starts its minute', async () => {
    const admin = await t.connect();
    await admin.command('/task-create T-LEASE --title="Held a while" --sprint=S-AGE');
    const bot = await t.connect(await t.tokenFor('lease-bot', 'agent'));
    await bot.command('/task-claim T-LEASE');
    const reads = async (line: string) => (await taskReads(t, bot, 'task:T-LEASE', line, 'T-LEASE')).length;
    clock.advance(TASK_COPY_MAX_AGE_MS * 0.6);
    // The holder's command renews its lease from the kept copy, and the copy keeps its age.
    expect(await reads('/task-detail T-LEASE')).to.equal(0);
    clock.advance(TASK_COPY_MAX_AGE_MS * 0.6);
    expect(await reads('/task-detail T-LEASE'), 'the claim is more than a minute old').to.equal(1);
  });
});
