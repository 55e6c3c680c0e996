import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import { Types } from 'mongoose';
import { openDatabase, type Database } from '../../server/db/connect.js';
import { InsertBatcher } from '../../server/services/insert-batcher.js';
import { GroupCommit } from '../../server/services/group-commit.js';
import { eventually } from '../support/wait.js';
import { MessageStore } from '../../server/services/message-store.js';
import { messageKeyFor } from '../../server/services/message-ids.js';
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

/** A database of the describe's own, made in its before() and dropped in its after(). */
function scratchDatabase(prefix: string): () => Database {
  let db: Database | null = null;
  before(async () => {
    db = await openDatabase(testDatabaseUri(), `${prefix}_${randomBytes(6).toString('hex')}`);
  });
  after(async () => {
    await db?.conn.dropDatabase();
    await db?.conn.close();
  });
  return () => db!;
}

interface Doc {
  _id: Types.ObjectId;
  n: number;
}

describe('fewer round trips: group commit and what is known', function () {
  this.timeout(60000);

  describe('InsertBatcher on the real database', () => {
    const scratch = scratchDatabase('sbtest_batch');
    let db: Database;
    before(() => {
      db = scratch();
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

  describe('GroupCommit', () => {
    it('writes what is asked for while the last write is settling, instead of waiting for the next request', async () => {
      const written: number[][] = [];
      let queue: number[] = [];
      let armed = true;
      const commit = new GroupCommit(
        async () => {
          const batch = queue;
          queue = [];
          await new Promise((resolve) => setImmediate(resolve));
          written.push(batch);
        },
        () => {
          const more = queue.length > 0;
          // Asked for right after the loop looked and found nothing: the commit is still settling.
          if (!more && armed) {
            armed = false;
            queueMicrotask(() => {
              queue.push(2);
              commit.request();
            });
          }
          return more;
        },
      );
      queue.push(1);
      commit.request();
      await eventually(() => written.length === 2, { ms: 2000, what: 'the second batch was written' });
      expect(written).to.deep.equal([[1], [2]]);
    });
  });

  describe('MessageStore on the real database: one insert across rooms', () => {
    const scratch = scratchDatabase('sbtest_msgs');
    let db: Database;
    before(() => {
      db = scratch();
    });

    const sender = { id: 'p-1', name: 'ann', kind: 'person' as const };
    const rooms = Array.from({ length: 20 }, (_, i) => `task:T-ROOM-${i}` as const);
    const seqsOf = async (room: string) => (await db.models.messages.find({ room }, { seq: 1, text: 1 }).lean()).sort((a, b) => a.seq - b.seq);

    it('stores the appends of twenty rooms in one insert, each room gap-free and in its order', async () => {
      const store = new MessageStore(db.models);
      // Learn each room once, as a hub does on its first message there.
      await Promise.all(rooms.map((r) => store.append(r, [{ kind: 'chat', sender, text: `${r} 0` }])));
      const inserts = countInserts(db);
      const sent = await Promise.all(rooms.flatMap((r) => [1, 2, 3].map((n) => store.append(r, [{ kind: 'chat', sender, text: `${r} ${n}` }]))));
      inserts.stop();
      expect(inserts.into('messages'), 'sixty appends in twenty rooms').to.equal(1);
      expect(sent.every((docs) => docs.length === 1)).to.equal(true);
      for (const r of rooms) {
        const stored = await seqsOf(r);
        expect(stored.map((m) => m.seq), r).to.deep.equal([1, 2, 3, 4]);
        expect(stored.map((m) => m.text), r).to.deep.equal([0, 1, 2, 3].map((n) => `${r} ${n}`));
      }
    });

    it('answers a resend in the middle of a shared insert from the store, and writes the rooms after it, gap-free', async () => {
      const store = new MessageStore(db.models);
      const [first] = await store.send('task:T-RESEND', [{ kind: 'chat', sender, text: 'first', clientId: 'c-once' }]).then((a) => a.docs);
      await Promise.all(rooms.map((r) => store.append(r, [{ kind: 'chat', sender, text: 'warm' }])));
      const before = await Promise.all(rooms.map(async (r) => (await seqsOf(r)).length));
      const [early, resent, late] = await Promise.all([
        store.send(rooms[0]!, [{ kind: 'chat', sender, text: 'before the resend' }]),
        store.send('task:T-RESEND', [{ kind: 'chat', sender, text: 'first, again', clientId: 'c-once' }]),
        Promise.all(rooms.slice(1).map((r) => store.send(r, [{ kind: 'chat', sender, text: 'after the resend' }]))),
      ]);
      expect(early.resent).to.equal(false);
      expect(resent.resent).to.equal(true);
      expect(resent.docs[0]!._id.equals(first!._id)).to.equal(true);
      expect(late.every((a) => !a.resent)).to.equal(true);
      expect(await db.models.messages.countDocuments({ room: 'task:T-RESEND' })).to.equal(1);
      for (const [i, r] of rooms.entries()) {
        const stored = await seqsOf(r);
        expect(stored.map((m) => m.seq), r).to.deep.equal(Array.from({ length: before[i]! + 1 }, (_, k) => k + 1));
        expect(stored.at(-1)!.text).to.equal(i === 0 ? 'before the resend' : 'after the resend');
      }
    });

    it('moves a room whose next seq another hub took above it, and keeps the other rooms of the insert where they were', async () => {
      const store = new MessageStore(db.models);
      await Promise.all(rooms.map((r) => store.append(r, [{ kind: 'chat', sender, text: 'known' }])));
      const tops = await Promise.all(rooms.map(async (r) => (await seqsOf(r)).length));
      // Another hub writes room 5's next message: this store does not know.
      const other = { _id: messageKeyFor(rooms[5]!, tops[5]! + 1), room: rooms[5], seq: tops[5]! + 1, kind: 'chat', sender, text: 'from another hub', clientId: 'other-hub-1', replyTo: null, result: null, meta: null, createdAt: new Date() };
      await db.models.messages.collection.insertOne(other as never);
      const sent = await Promise.all(rooms.map((r) => store.append(r, [{ kind: 'chat', sender, text: 'one each' }, { kind: 'chat', sender, text: 'and a second' }])));
      for (const [i, r] of rooms.entries()) {
        const stored = await seqsOf(r);
        const top = tops[i]!;
        expect(stored.map((m) => m.seq), r).to.deep.equal(Array.from({ length: top + (i === 5 ? 3 : 2) }, (_, k) => k + 1));
        expect(stored.slice(-2).map((m) => m.text), r).to.deep.equal(['one each', 'and a second']);
        expect(sent[i]!.map((d) => d.seq), r).to.deep.equal(i === 5 ? [top + 2, top + 3] : [top + 1, top + 2]);
      }
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
      expect(inserts.into('messages'), 'the commands and results of twelve notes in twelve rooms, some sharing an insert').to.be.lessThan(codes.length);
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
