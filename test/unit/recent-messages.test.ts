import { expect } from 'chai';
import { Types } from 'mongoose';
import type { MessageDoc } from '../../server/db/models/message.js';
import { RecentMessages } from '../../server/services/recent-messages.js';

const doc = (room: string, seq: number): MessageDoc => ({
  _id: new Types.ObjectId(),
  room,
  seq,
  kind: 'chat',
  sender: { id: 'u', name: 'u', kind: 'person' },
  text: `${room} ${seq}`,
  clientId: `c-${room}-${seq}`,
  replyTo: null,
  result: null,
  meta: null,
  createdAt: new Date(0),
});

describe('RecentMessages', () => {
  it('keeps the newest 100 of a room, dropping the oldest first', () => {
    const recent = new RecentMessages();
    recent.add(Array.from({ length: 150 }, (_, i) => doc('lobby', i + 1)));
    expect(recent.get('lobby', 50)).to.equal(undefined);
    expect(recent.get('lobby', 51)?.text).to.equal('lobby 51');
    expect(recent.get('lobby', 150)?.text).to.equal('lobby 150');
    recent.add([doc('lobby', 10)]);
    expect(recent.get('lobby', 10), 'an older page read later does not push out newer messages').to.equal(undefined);
    expect(recent.get('lobby', 51)).to.not.equal(undefined);
  });

  it('keeps 500 rooms, dropping the least recently used', () => {
    const recent = new RecentMessages();
    for (let r = 0; r < 500; r++) recent.add([doc(`task:T-${r}`, 1)]);
    recent.add([doc('task:T-0', 2)]); // T-0 is used again: T-1 is now the least recent
    recent.add([doc('task:T-NEW', 1)]);
    expect(recent.get('task:T-0', 1)).to.not.equal(undefined);
    expect(recent.get('task:T-1', 1)).to.equal(undefined);
    expect(recent.get('task:T-NEW', 1)).to.not.equal(undefined);
  });
});
