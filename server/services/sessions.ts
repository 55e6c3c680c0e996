import { Types } from 'mongoose';
import type { InitResult } from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { Models } from '../db/models/index.js';

/**
 * Chat sessions: one per principal from its first live socket to its last one closing. Ending a
 * session ends its ephemeral memory.
 */
export class SessionService {
  constructor(private readonly models: Models) {}

  /** Opens a session; any session left open by a hub that died is closed first. */
  async start(principalId: string, name: string): Promise<AgentSessionDoc> {
    const stale = await this.models.sessions.find({ principalId, endedAt: null }, { _id: 1 }).lean();
    for (const s of stale) await this.end(s._id);
    return (await this.models.sessions.create({ principalId, name, startedAt: new Date() })).toObject();
  }

  async end(sessionId: Types.ObjectId): Promise<void> {
    await this.models.sessions.updateOne({ _id: sessionId, endedAt: null }, { $set: { endedAt: new Date() } });
    await this.models.memory.deleteMany({ sessionId, ephemeral: true });
  }

  current(principalId: string): Promise<AgentSessionDoc | null> {
    return this.models.sessions.findOne({ principalId, endedAt: null }).sort({ startedAt: -1 }).lean<AgentSessionDoc>().exec();
  }

  /** The session before the current one, for "resume memory". */
  previous(principalId: string, before: Date): Promise<AgentSessionDoc | null> {
    return this.models.sessions.findOne({ principalId, startedAt: { $lt: before } }).sort({ startedAt: -1 }).lean<AgentSessionDoc>().exec();
  }

  async recordInit(sessionId: Types.ObjectId, initResult: InitResult, agentReady: boolean): Promise<void> {
    await this.models.sessions.updateOne({ _id: sessionId }, { $set: { initResult, agentReady } });
  }
}
