import type { ChatMessage } from '../../../protocol/index.js';

/** A stored chat message as the hub sends it, for client logic tests. */
export const message = (seq: number, text: string, sender = 'ada', extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  room: 'lobby',
  seq,
  kind: 'chat',
  sender: { id: `id-${sender}`, name: sender, kind: 'person' },
  text,
  clientId: `c${seq}`,
  replyTo: null,
  result: null,
  meta: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  ...extra,
});
