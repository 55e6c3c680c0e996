import { Types } from 'mongoose';
import type { InitResult } from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { Models } from '../db/models/index.js';

/** An agent's session as stored (what INIT and the presence hooks receive). */
export type AgentSession = AgentSessionDoc;

/**
 * Chat sessions: one per principal from its first live socket to its last one closing. Ending a
 * session ends its ephemeral memory.
 */
export class SessionService {
  constructor(private readonly models: Models) {}

  /**
   * Opens a session after `previousId` (the principal's `lastSessionId`, which the caller read and
   * then points at this one, see PresenceService.cameOnline); any session left open by a hub that
   * died is closed first.
   */
  async open(principalId: string, name: string, previousId: Types.ObjectId | null): Promise<AgentSessionDoc> {
    const stale = await this.models.sessions.find({ principalId, endedAt: null }, { _id: 1 }).lean();
    for (const s of stale) await this.end(s._id);
    return (await this.models.sessions.create({ principalId, name, startedAt: new Date(), previousId })).toObject();
  }

  async end(sessionId: Types.ObjectId): Promise<void> {
    await this.models.sessions.updateOne({ _id: sessionId, endedAt: null }, { $set: { endedAt: new Date() } });
    await this.models.memory.deleteMany({ sessionId, ephemeral: true });
  }

  current(principalId: string): Promise<AgentSessionDoc | null> {
    return this.models.sessions.findOne({ principalId, endedAt: null }).sort({ startedAt: -1 }).lean<AgentSessionDoc>().exec();
  }

  /** The principal's latest session, open or ended (null before its first). */
  async latest(principalId: string): Promise<AgentSessionDoc | null> {
    const principal = await this.models.principals.findById(principalId, { lastSessionId: 1 }).lean();
    return principal?.lastSessionId ? this.models.sessions.findById(principal.lastSessionId).lean<AgentSessionDoc>().exec() : null;
  }

  /** The session before `session`, for "resume memory": one `_id` lookup, however many came before. */
  previous(session: Pick<AgentSessionDoc, 'previousId'>): Promise<AgentSessionDoc | null> {
    return session.previousId ? this.models.sessions.findById(session.previousId).lean<AgentSessionDoc>().exec() : Promise.resolve(null);
  }

  async recordInit(sessionId: Types.ObjectId, initResult: InitResult, agentReady: boolean): Promise<void> {
    await this.models.sessions.updateOne({ _id: sessionId }, { $set: { initResult, agentReady } });
  }
}
