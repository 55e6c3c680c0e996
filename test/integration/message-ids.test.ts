import { expect } from 'chai';
import { Types } from 'mongoose';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { startHub } from '../../server/hub.js';
import { messageKeyFor } from '../../server/services/message-ids.js';
import { withTestHub } from '../support/hub.js';

describe('message ids: history read by _id, and messages of older versions upgraded', () => {
  const t = withTestHub();

  it('reads history past a gap in seq (an insert that failed after its seq was reserved)', async () => {
    const admin = await t.connect();
    for (const n of [1, 2, 3]) await admin.send('lobby', `before the gap ${n}`);
    await t.db.models.counters.updateOne({ _id: 'lobby' }, { $inc: { seq: 5 } });
    for (const n of [1, 2]) await admin.send('lobby', `after the gap ${n}`);
    const texts = (await admin.join('lobby')).map((m) => m.text);
    expect(texts.slice(-5)).to.deep.equal(['before the gap 1', 'before the gap 2', 'before the gap 3', 'after the gap 1', 'after the gap 2']);
    const last = (await admin.history({ room: 'lobby', limit: 2 })).map((m) => m.text);
    expect(last).to.deep.equal(['after the gap 1', 'after the gap 2']);
    const older = await admin.history({ room: 'lobby', before: (await admin.history({ room: 'lobby', limit: 2 }))[0]!.seq, limit: 2 });
    expect(older.map((m) => m.text), 'the page before the gap is full').to.deep.equal(['before the gap 2', 'before the gap 3']);
    admin.close();
  });

  it('gives messages stored with the old ids their new ones at start, keeping history, replies and client ids', async () => {
    const room = 'sprint:S-OLD';
    await t.db.models.sprints.create({ code: 'S-OLD', title: 'Old sprint', createdBy: 'admin' });
    const admin = (await t.db.models.principals.findOne({ name: 'admin' }).lean())!;
    const sender = { id: String(admin._id), name: 'admin', kind: 'person' };
    const system = { id: 'system', name: 'switchboard', kind: 'system' };
    const commandId = new Types.ObjectId();
    const base = { room, result: null, meta: null, createdAt: new Date() };
    // As the previous version stored them: random ids, and a reply pointing at one.
    await t.db.models.messages.collection.insertMany([
      { ...base, _id: new Types.ObjectId(), seq: 1, kind: 'chat', sender, text: 'an old line', clientId: 'old-client-1', replyTo: null },
      { ...base, _id: commandId, seq: 2, kind: 'command', sender, text: '/sprints', clientId: 'old-client-2', replyTo: null },
      { ...base, _id: new Types.ObjectId(), seq: 3, kind: 'result', sender: system, text: 'Sprints: 1', clientId: 'srv-old', replyTo: commandId },
    ]);
    // And what an upgrade cut short leaves: a copy beside its original (4), a copy whose original is gone (5).
    const line = (seq: number) => ({ ...base, seq, kind: 'chat', sender, text: `line ${seq}`, replyTo: null });
    await t.db.models.messages.collection.insertMany([
      { ...line(4), _id: new Types.ObjectId(), clientId: 'old-client-4' },
      { ...line(4), _id: messageKeyFor(room, 4), seq: -4, clientId: 'old-client-4~moving' },
      { ...line(5), _id: messageKeyFor(room, 5), seq: -5, clientId: 'old-client-5~moving' },
    ]);
    await t.db.models.counters.collection.insertOne({ _id: room as never, seq: 5 });
    await t.db.models.settings.deleteOne({ _id: 'messages.idScheme' });

    await t.hub.close();
    const again = await startHub({ db: t.db, port: 0, host: '127.0.0.1' });
    try {
      const client = await SwitchboardClient.connect(again.url, t.adminToken);
      const history = await client.join(room);
      expect(history.map((m) => `${m.seq} ${m.kind} ${m.text}`)).to.deep.equal(['1 chat an old line', '2 command /sprints', '3 result Sprints: 1', '4 chat line 4', '5 chat line 5']);
      expect(history.map((m) => m.id)).to.deep.equal([1, 2, 3, 4, 5].map((seq) => String(messageKeyFor(room, seq))));
      expect(history[2]!.replyTo, 'the result still answers its command').to.equal(history[1]!.id);
      expect(history.map((m) => m.clientId)).to.deep.equal(['old-client-1', 'old-client-2', 'srv-old', 'old-client-4', 'old-client-5']);

      const resent = await client.send(room, 'an old line', 'old-client-1');
      expect(resent.ok && resent.message.id, 'a resend of an old message is still the same message').to.equal(history[0]!.id);
      expect(await t.db.models.messages.countDocuments({ room })).to.equal(5);
      client.close();
    } finally {
      await again.close();
    }
  });
});
