import { expect } from 'chai';
import {
  emptyTimeline,
  lastSeq,
  withAck,
  withJoined,
  withMessages,
  withOlder,
  withPending,
  withRefused,
  withSendFailed,
} from '../../../client/web/src/logic/timeline.js';
import { message } from './messages.js';

describe('web: room timeline', () => {
  it('keeps messages in seq order, once each, whatever order they arrive in', () => {
    let t = withJoined(emptyTimeline(), [message(3, 'c'), message(4, 'd')], 50);
    t = withMessages(t, [message(6, 'f'), message(5, 'e'), message(4, 'd')]);
    t = withOlder(t, [message(1, 'a'), message(2, 'b')], 2);
    expect(t.messages.map((m) => m.text)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(lastSeq(t)).to.equal(6);
    expect(t.hasOlder).to.equal(true);
    expect(withOlder(t, [], 2).hasOlder).to.equal(false);
    expect(withJoined(emptyTimeline(), [message(1, 'a')], 50).hasOlder).to.equal(false);
  });

  it('shows my message at once and replaces it with the stored one on the ack or the broadcast, never twice', () => {
    const sending = withPending(emptyTimeline(), { clientId: 'k1', text: 'hi', createdAt: '', state: 'sending' });
    expect(sending.pending).to.have.length(1);
    const stored = message(7, 'hi', 'me', { clientId: 'k1' });
    const viaBroadcast = withMessages(sending, [stored]);
    const thenAck = withAck(viaBroadcast, 'k1', stored);
    expect(thenAck.pending).to.deep.equal([]);
    expect(thenAck.messages.map((m) => m.id)).to.deep.equal(['m7']);
    expect(withAck(sending, 'k1', stored).messages).to.have.length(1);
  });

  it('keeps a send the hub did not answer as failed, and a retry with the same client id as one message', () => {
    let t = withPending(emptyTimeline(), { clientId: 'k2', text: 'hello', createdAt: '', state: 'sending' });
    t = withSendFailed(t, 'k2');
    expect(t.pending[0]).to.include({ state: 'failed', text: 'hello' });
    t = withPending(t, { ...t.pending[0]!, state: 'sending' });
    expect(t.pending).to.have.length(1);
    t = withAck(t, 'k2', message(9, 'hello', 'me', { clientId: 'k2' }));
    expect(t.pending).to.have.length(0);
    expect(t.messages).to.have.length(1);
  });

  it('turns a refused send into a note for me with the error and usage, storing nothing', () => {
    let t = withPending(emptyTimeline(), { clientId: 'k3', text: '/task-status X', createdAt: '', state: 'sending' });
    t = withRefused(t, 'k3', { code: 'invalid_args', message: 'give a status', usage: '/task-status CODE --status=todo' });
    expect(t.pending).to.have.length(0);
    expect(t.messages).to.have.length(0);
    expect(t.refused[0]).to.deep.include({ text: '/task-status X' });
    expect(t.refused[0]!.error.usage).to.equal('/task-status CODE --status=todo');
  });
});
