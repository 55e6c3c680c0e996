import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import { Types } from 'mongoose';
import { openDatabase, type Database } from '../../server/db/connect.js';
import { InsertBatcher } from '../../server/services/insert-batcher.js';
import { isDuplicateKey } from '../../server/services/mongo-errors.js';
import { testDatabaseUri } from '../support/database.js';
import { withTestHub } from '../support/hub.js';

/** The driver's `insert` commands sent on `db`, per collection, until stopped. */
function countInserts(db: Database): { into(collection: string): number; stop(): void } {
  const counts = new Map<string, number>();
  const client = db.conn.getClient();
  const listener = (e: CommandStartedEvent) => {
    if (e.commandName !== 'insert') return;
    const collection = String((e.command as Record<string, unknown>).insert);
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
  };
  client.on('commandStarted', listener);
  return { into: (collection) => counts.get(collection) ?? 0, stop: () => client.off('commandStarted', listener) };
}

interface Doc {
  _id: Types.ObjectId;
  n: number;
}

describe('fewer round trips: group commit and what is known', function () {
  this.timeout(60000);

  describe('InsertBatcher on the real database', () => {
    let db: Database;
    before(async () => {
      db = await openDatabase(testDatabaseUri(), `sbtest_batch_${randomBytes(6).toString('hex')}`);
    });
    after(async () => {
      await db.conn.dropDatabase();
      await db.conn.close();
    });

    it('stores every caller’s documents in one insert, and refuses only the document that breaks a unique index', async () => {
      const collection = db.conn.collection<Doc>('batch_probe');
      const taken = new Types.ObjectId();
      await collection.insertOne({ _id: taken, n: -1 });
      const batcher = new InsertBatcher<Doc>(collection);
      const inserts = countInserts(db);
      // 30 callers in one turn of the event loop; caller 7 brings two documents, one of them a duplicate.
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          batcher.insert(i === 7 ? [{ _id: new Types.ObjectId(), n: i }, { _id: taken, n: 700 }] : [{ _id: new Types.ObjectId(), n: i }]),
        ),
      );
      inserts.stop();
      expect(inserts.into('batch_probe'), 'one insert for all thirty callers').to.equal(1);
      for (const [i, refused] of results.entries()) {
        if (i !== 7) expect(refused, `caller ${i}`).to.deep.equal([null]);
      }
      expect(results[7]![0]).to.equal(null);
      expect(isDuplicateKey(results[7]![1]), 'the duplicate is refused as a duplicate key').to.equal(true);
      expect(await collection.countDocuments({ n: { $gte: 0, $lt: 30 } })).to.equal(30);
      expect(await collection.countDocuments({ n: 700 })).to.equal(0);
      // insertOne rejects with the document's own error, as the driver's would.
      const err = await batcher.insertOne({ _id: taken, n: 701 }).catch((e: unknown) => e);
      expect(isDuplicateKey(err)).to.equal(true);
    });

    it('takes callers that arrive while an insert is in flight into the next one', async () => {
      const collection = db.conn.collection<Doc>('batch_waves');
      const batcher = new InsertBatcher<Doc>(collection);
      const inserts = countInserts(db);
      const first = batcher.insertOne({ _id: new Types.ObjectId(), n: 0 });
      // These arrive once the first insert is on its way: they wait for it and go together.
      await new Promise((resolve) => setImmediate(resolve));
      const rest = Array.from({ length: 20 }, (_, i) => batcher.insertOne({ _id: new Types.ObjectId(), n: i + 1 }));
      await Promise.all([first, ...rest]);
      inserts.stop();
      expect(inserts.into('batch_waves')).to.equal(2);
      expect(await collection.countDocuments({})).to.equal(21);
    });
  });

  describe('through the hub', () => {
    const t = withTestHub();

    it('concurrent /task-notes in their own rooms share the inserts of their intents and activity lines, each stored once', async () => {
      const admin = await t.connect();
      await admin.command('/sprints-create S-GC --title="Group commit"', 'lobby');
      const codes = Array.from({ length: 12 }, (_, i) => `T-GC-${i + 1}`);
      for (const c of codes) await admin.command(`/task-create ${c} --title="Noted at once" --sprint=S-GC`, 'lobby');
      // One client per task, as people each working on their own task.
      const clients = await Promise.all(codes.map(() => t.connect()));
      const inserts = countInserts(t.db);
      const acks = await Promise.all(codes.map((c, i) => clients[i]!.send(`task:${c}`, `/task-note ${c} "note ${i}"`, `gc-${c}`)));
      inserts.stop();
      for (const ack of acks) expect(ack.ok, JSON.stringify(ack)).to.equal(true);
      expect(inserts.into('command_intents'), 'intents of twelve notes, some sharing an insert').to.be.lessThan(codes.length);
      expect(inserts.into('activities'), 'activity lines of twelve notes, some sharing an insert').to.be.lessThan(codes.length);
      for (const [i, c] of codes.entries()) {
        const { task } = (await admin.command(`/task-detail ${c}`)).data;
        expect(task.context.split(`note ${i}`).length - 1, `${c} holds its note once`).to.equal(1);
      }
      const activity = await t.db.conn.collection('activities').countDocuments({ type: 'task.note', task: { $in: codes } });
      expect(activity).to.equal(codes.length);
      const intents = await t.db.conn.collection('command_intents').countDocuments({ command: 'task-note' });
      expect(intents).to.equal(codes.length);
    });
    it('reads a recipient once, and finds one that was created after a send to it failed', async () => {
      const admin = await t.connect();
      const unknown = await admin.send('lobby', '/message-send @late-agent "hello" "are you there?"');
      expect(unknown.ok).to.equal(false);
      if (!unknown.ok) expect(unknown.error.code).to.equal('not_found');
      await t.tokenFor('late-agent', 'agent');
      const reads: string[] = [];
      const client = t.db.conn.getClient();
      const listener = (e: CommandStartedEvent) => {
        const c = e.command as Record<string, unknown>;
        if (e.commandName === 'find' && c.find === 'principals') reads.push(JSON.stringify(c.filter));
      };
      client.on('commandStarted', listener);
      try {
        for (let i = 0; i < 3; i++) {
          const sent = await admin.send('lobby', `/message-send @late-agent "hello ${i}" "now you are"`);
          expect(sent.ok, JSON.stringify(sent)).to.equal(true);
        }
      } finally {
        client.off('commandStarted', listener);
      }
      expect(reads.filter((f) => f.includes('late-agent')), 'the recipient is read by name once').to.have.length(1);
    });
  });
});
