import type { Sender } from '../services/collab/approvals.js';
import type { ChatService } from '../chat/chat-service.js';
import { SYSTEM } from './system-principal.js';

/** The hub acting by itself (expiring approvals, running schedules): events at once, notices stored at once. */
export const hubActor = (chat: ChatService): Sender => ({
  principal: { ...SYSTEM, role: 'admin' },
  emit: chat.emitNow,
  post: (room, text, meta) => chat.postSystem(room, text, meta),
});
