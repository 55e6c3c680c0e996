import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { SessionService } from './sessions.js';

const POLL_MS = 25;

/**
 * The principal's open session, waiting up to `waitMs` for one to open. The hub says hello to a
 * socket before its session is written, so a client that sends a command right after connecting
 * can get there first; a principal with no socket at all (HTTP only) gets null after the wait.
 */
export async function liveSession(sessions: SessionService, principalId: string, waitMs = 1000): Promise<AgentSessionDoc | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const session = await sessions.current(principalId);
    if (session || Date.now() >= deadline) return session;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
