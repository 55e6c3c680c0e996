import { expect } from 'chai';
import type { Parcel } from '../../../protocol/index.js';
import { mentionNotification, notificationFor } from '../../../client/web/src/logic/notify.js';
import { message } from './messages.js';

const parcel = (extra: Partial<Parcel>): Parcel => ({
  id: 'p1',
  from: { id: 'id-bob', name: 'bob', kind: 'person' },
  to: 'ada',
  subject: 'Hello',
  body: '',
  kind: 'message',
  task: null,
  attachments: [],
  replyTo: null,
  threadId: 't1',
  status: 'queued',
  redactions: 0,
  createdAt: '2026-11-25T10:00:00.000Z',
  deliveredAt: null,
  readAt: null,
  ...extra,
});

describe('web: which events become browser notifications', () => {
  it('notifies assignments (opening the task) and approvals (opening the inbox), not ordinary messages', () => {
    expect(notificationFor(parcel({ kind: 'assignment', subject: 'T-1: Write the docs', task: 'T-1' }), 'ada')).to.deep.equal({
      title: 'New task for you',
      body: 'T-1: Write the docs',
      tag: 'p1',
      room: 'task:T-1',
    });
    expect(notificationFor(parcel({ kind: 'notice', subject: 'Approval A-1 from @bob: ship it?' }), 'ada')).to.include({ title: 'Approval', room: 'agent:ada' });
    expect(notificationFor(parcel({ kind: 'notice', subject: 'Loop paused' }), 'ada')).to.equal(null);
    expect(notificationFor(parcel({ kind: 'message' }), 'ada')).to.equal(null);
    expect(notificationFor(parcel({ kind: 'assignment', to: 'bob' }), 'ada'), 'not mine').to.equal(null);
  });

  it('notifies a mention by someone else with the room and a shortened text', () => {
    const long = `@ada ${'x'.repeat(300)}`;
    const plan = mentionNotification({ message: message(4, long, 'bob', { room: 'task:T-2' }), by: { id: 'id-bob', name: 'bob', kind: 'person' } }, 'ada')!;
    expect(plan).to.include({ title: '@bob mentioned you in task:T-2', tag: 'm4', room: 'task:T-2' });
    expect(plan.body).to.have.length(200);
    expect(mentionNotification({ message: message(5, '@ada', 'ada'), by: { id: 'id-ada', name: 'ada', kind: 'person' } }, 'ada')).to.equal(null);
  });
});
