import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { openDatabase } from '../../server/db/connect.js';
import { ORPHAN_AGE_MS } from '../../server/services/task-notes.js';
import { ManualClock } from '../support/clock.js';
import { testDatabaseUri } from '../support/database.js';
import { logQueries } from '../support/query-log.js';
import { startTestHub, withTestHub, withTwoHubs, type TestHub } from '../support/hub.js';

const entriesOf = (context: string) => context.split('\n\n').filter(Boolean);

/**
 * A note is a row of its own, folded into its task's context by one task write for many notes
 * (services/task-notes.ts). Driven through commands; the database is read to see what is stored.
 */
describe('task notes: a row each, folded into the task', () => {
  const clock = new ManualClock();
  const t = withTestHub({ clock });
  let admin: SwitchboardClient;
  const stored = async (code: string) => (await t.db.models.tasks.findOne({ code }).lean())!;
  const rowsOf = (task: string) => t.db.models.taskNotes.find({ task }).lean();

  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-NOTES --title="Notes"');
  });

  it('stores a note as one row without writing the task, shows it at once, and folds it in once', async () => {
    await admin.command('/task-create N-1 --title="Noted" --sprint=S-NOTES');
    const log = logQueries(t.db);
    await admin.command('/task-note N-1 "first thing"', 'task:N-1');
    log.stop();
    const taskWrites = log.queries.filter((q) => q.collection === 'tasks' && q.command !== 'find');
    expect(taskWrites, 'task writes during the note').to.deep.equal([]);
    expect((await rowsOf('N-1')).map((r) => r.entry)).to.have.length(1);

    // Shown by every read on this hub before it is folded.
    expect((await admin.command('/task-detail N-1')).data.task.context).to.contain('@admin: first thing');

    await t.hub.services.tasks.notes.flush();
    const task = await stored('N-1');
    expect(entriesOf(task.context)).to.have.length(1);
    expect(task.context).to.contain('@admin: first thing');
    expect(await rowsOf('N-1')).to.deep.equal([]);
    await t.hub.services.tasks.notes.flush();
    expect(entriesOf((await stored('N-1')).context), 'folded once').to.have.length(1);
  });

  it('folds many notes in one task write, in the order they were taken', async () => {
    await admin.command('/task-create N-2 --title="Busy" --sprint=S-NOTES');
    const revBefore = (await stored('N-2')).rev;
    for (const n of [1, 2, 3, 4, 5]) await admin.command(`/task-note N-2 "step ${n}"`);
    await t.hub.services.tasks.notes.flush();
    const task = await stored('N-2');
    expect(entriesOf(task.context).map((e) => e.replace(/^.*: /, ''))).to.deep.equal(['step 1', 'step 2', 'step 3', 'step 4', 'step 5']);
    // One fold, or two if the second's timer ran out between the notes on a slow machine.
    expect(task.rev - revBefore, 'task writes for five notes').to.be.within(1, 2);
  });

  it('folds the notes shown into any other write of the task, so a status change keeps them', async () => {
    await admin.command('/task-create N-3 --title="Moved" --sprint=S-NOTES');
    await admin.command('/task-note N-3 "before the move"');
    await admin.command('/task-status N-3 --status=in_progress');
    const task = await stored('N-3');
    expect(task.status).to.equal('in_progress');
    expect(task.context).to.contain('before the move');
    await t.hub.services.tasks.notes.flush();
    expect(await rowsOf('N-3')).to.deep.equal([]);
  });

  it('drops the notes taken before a replaced context, and keeps those after', async () => {
    await admin.command('/task-create N-4 --title="Rewritten" --sprint=S-NOTES');
    await admin.command('/task-note N-4 "soon gone"');
    await admin.command('/task-context N-4 --replace="a fresh start"');
    await admin.command('/task-note N-4 "after it"');
    await t.hub.services.tasks.notes.flush();
    const { context } = await stored('N-4');
    expect(context).to.match(/^a fresh start\n\n.*@admin: after it$/);
  });

  it('refuses a note the full context has no room for, and stores nothing for it', async () => {
    await admin.command('/task-create N-5 --title="Full" --sprint=S-NOTES');
    // 17 appends of 15,000 characters: about 7,100 of the 262,144 a context holds are left.
    for (let i = 0; i < 17; i++) await admin.command(`/task-context N-5 --append="${'x'.repeat(15_000)}"`);
    await admin.command(`/task-note N-5 "${'y'.repeat(4_000)}"`);
    const ack = await admin.send('task:N-5', `/task-note N-5 "${'z'.repeat(4_000)}"`);
    expect(ack.ok).to.equal(false);
    if (!ack.ok) expect(ack.error.code).to.equal('too_large');
    await t.hub.services.tasks.notes.flush();
    expect(await rowsOf('N-5')).to.deep.equal([]);
    const { context } = await stored('N-5');
    expect(context).to.contain('y'.repeat(4_000));
    expect(context).not.to.contain('z');
  });

  it('folds notes a stopped hub left behind once they are old, once, and deletes rows already folded', async () => {
    await admin.command('/task-create N-6 --title="Left behind" --sprint=S-NOTES');
    // What a hub killed between storing a note and folding it leaves: a row, and nothing in the task.
    const orphan = { _id: new Types.ObjectId(), task: 'N-6', entry: '[2026-12-01 09:00 UTC] @ghost: left behind', at: clock.now(), unfolded: true as const };
    await t.db.models.taskNotes.collection.insertOne(orphan);
    clock.advance(ORPHAN_AGE_MS / 2);
    await t.hub.dueWork.idle();
    expect(await rowsOf('N-6'), 'too young to be left behind').to.have.length(1);
    clock.advance(ORPHAN_AGE_MS);
    await t.hub.dueWork.idle();
    await t.hub.services.tasks.notes.flush();
    expect((await stored('N-6')).context).to.equal(orphan.entry);
    expect(await rowsOf('N-6')).to.deep.equal([]);

    // The same row again, as when a delete after the fold was lost: skipped as folded, and deleted.
    await t.db.models.taskNotes.collection.insertOne(orphan);
    clock.advance(ORPHAN_AGE_MS * 2);
    await t.hub.dueWork.idle();
    await t.hub.services.tasks.notes.flush();
    expect((await stored('N-6')).context).to.equal(orphan.entry);
    expect(await rowsOf('N-6')).to.deep.equal([]);
  });
});

describe('task notes across hubs and restarts', () => {
  const [a, b] = withTwoHubs();

  it('shows a note on another hub once the hub that took it folds it', async () => {
    const onA = await a.connect();
    const onB = await b.connect();
    await onA.command('/sprints-create S-TWO --title="Two hubs"');
    await onA.command('/task-create N-7 --title="Seen elsewhere" --sprint=S-TWO');
    await onA.command('/task-note N-7 "taken on A"');
    await a.hub.services.tasks.notes.flush();
    expect((await onB.command('/task-detail N-7')).data.task.context).to.contain('@admin: taken on A');
  });
});

describe('task notes when a hub stops', () => {
  it('folds what it holds before it stops; a hub starting finds and folds rows left by one that did not', async () => {
    const dbName = `sbtest_notes_${randomBytes(6).toString('hex')}`;
    let first: TestHub | null = await startTestHub({ dbName, keepDatabase: true });
    let second: TestHub | null = null;
    const db = await openDatabase(testDatabaseUri(), dbName);
    try {
      const admin = await first.connect();
      await admin.command('/sprints-create S-STOP --title="Stops"');
      await admin.command('/task-create N-8 --title="Stopped" --sprint=S-STOP');
      await admin.command('/task-note N-8 "before a clean stop"');
      await first.stop();
      first = null;
      expect((await db.models.tasks.findOne({ code: 'N-8' }).lean())!.context).to.contain('before a clean stop');
      expect(await db.models.taskNotes.countDocuments({})).to.equal(0);

      // A hub killed before folding leaves its row: the next hub folds it before it serves.
      await db.models.taskNotes.collection.insertOne({ _id: new Types.ObjectId(), task: 'N-8', entry: '[2026-12-01 09:00 UTC] @ghost: before a crash', at: new Date(), unfolded: true });
      second = await startTestHub({ dbName });
      const task = (await db.models.tasks.findOne({ code: 'N-8' }).lean())!;
      expect(entriesOf(task.context).map((e) => e.replace(/^.*: /, ''))).to.deep.equal(['before a clean stop', 'before a crash']);
      expect(await db.models.taskNotes.countDocuments({})).to.equal(0);
    } finally {
      await first?.stop();
      await second?.stop();
      await db.close();
    }
  });
});
