import { agentRoom, taskRoom, type MentionEvent, type Parcel } from '../../../../protocol/index.js';

/** What a browser notification says, and the room a click on it opens. */
export interface NotificationPlan {
  title: string;
  body: string;
  /** Same tag, one notification: a parcel sent again after a reconnect does not show twice. */
  tag: string;
  room: string;
}

const APPROVAL = /\b(approval|review)\b/i;

/**
 * The parcels worth interrupting someone for: a task assigned to them and approvals (a question
 * waiting for their answer, or the answer to theirs). Other messages wait in the inbox; mentions
 * come as their own event (people get no parcel for them).
 */
export function notificationFor(parcel: Parcel, me: string): NotificationPlan | null {
  if (parcel.to !== me || parcel.from.name === me) return null;
  const room = parcel.task ? taskRoom(parcel.task) : agentRoom(me);
  switch (parcel.kind) {
    case 'assignment':
      return { title: 'New task for you', body: parcel.subject, tag: parcel.id, room };
    case 'notice':
      return APPROVAL.test(parcel.subject) ? { title: 'Approval', body: parcel.subject, tag: parcel.id, room: agentRoom(me) } : null;
    default:
      return null;
  }
}

/** `@me` in a room: who said it, where, and what (shortened). */
export function mentionNotification(event: MentionEvent, me: string): NotificationPlan | null {
  if (event.by.name === me) return null;
  const text = event.message.text.length > 200 ? `${event.message.text.slice(0, 199)}…` : event.message.text;
  return { title: `@${event.by.name} mentioned you in ${event.message.room}`, body: text, tag: event.message.id, room: event.message.room };
}
