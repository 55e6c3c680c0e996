import { agentRoom } from '../../protocol/index.js';
import type { Services } from '../services/index.js';
import type { ChatService } from './chat-service.js';
import type { PresenceTracker } from './presence-tracker.js';

/**
 * Gives agent INIT its voice (events sent at once, summaries stored in the inbox) and runs it
 * when an agent's session opens: on its first socket, which is put in its inbox room first so it
 * hears every step.
 */
export function wireAgentInit(services: Services, chat: ChatService, presence: PresenceTracker): void {
  services.agentInit.announceWith({ emit: chat.emitNow, postSystem: (room, text, meta) => chat.postSystem(room, text, meta) });
  presence.hooks.sessionStarted.push(async (principal, session, socket) => {
    if (principal.kind !== 'agent') return;
    await socket.join(agentRoom(principal.name));
    await services.agentInit.start(principal, session);
  });
}
