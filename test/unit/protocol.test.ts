import { expect } from 'chai';
import { ChatSendSchema, RoomHistorySchema, canMoveTask, parseRoom } from '../../protocol/index.js';

describe('protocol', () => {
  it('normalises room names and rejects anything else', () => {
    expect(parseRoom('lobby')).to.deep.equal({ kind: 'lobby', name: 'lobby' });
    expect(parseRoom('task:t-api-01')).to.deep.equal({ kind: 'task', id: 'T-API-01', name: 'task:T-API-01' });
    expect(parseRoom('agent:Claude')).to.deep.equal({ kind: 'agent', id: 'claude', name: 'agent:claude' });
    for (const bad of ['', 'Lobby', 'task:', 'task:has space', 'nope:x', 'sprint:-x']) expect(parseRoom(bad), bad).to.equal(null);
  });

  it('validates chat:send and room:history payloads', () => {
    expect(ChatSendSchema.safeParse({ room: 'lobby', text: 'hi', clientId: 'a' }).success).to.equal(true);
    expect(ChatSendSchema.safeParse({ room: 'lobby', text: '' }).success).to.equal(false);
    expect(ChatSendSchema.safeParse({ room: 'nowhere', text: 'x' }).success).to.equal(false);
    expect(RoomHistorySchema.safeParse({ room: 'lobby', before: 5, after: 1 }).success).to.equal(false);
    expect(RoomHistorySchema.safeParse({ room: 'lobby', limit: 1000 }).success).to.equal(false);
  });

  it('allows only the documented task moves', () => {
    expect(canMoveTask('todo', 'in_progress')).to.equal(true);
    expect(canMoveTask('blocked', 'completed')).to.equal(false);
    expect(canMoveTask('cancelled', 'completed')).to.equal(false);
    expect(canMoveTask('completed', 'completed')).to.equal(true);
  });
});
