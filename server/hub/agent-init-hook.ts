import { agentRoom } from '../../protocol/index.js';
import type { Hooks } from '../hooks.js';
import type { Services } from '../services/index.js';

/**
 * Runs agent INIT when an agent's session opens: on its first socket, which is in its inbox room
 * first so it hears every step.
 */
export function wireAgentInit(services: Services, hooks: Hooks): void {
  hooks.on('session:started', async ({ principal, session, socket }) => {
    if (principal.kind !== 'agent') return;
    await socket.join(agentRoom(principal.name));
    await services.agentInit.start(principal, session);
  });
}
