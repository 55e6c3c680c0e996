import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { InitResult } from '../../../protocol/index.js';

/**
 * One chat session of a principal: from its first live socket to its last one closing. It holds
 * the INIT outcome (`initResult`, `agentReady`) and scopes ephemeral memory.
 */
export interface AgentSessionDoc {
  _id: Types.ObjectId;
  principalId: string;
  name: string;
  startedAt: Date;
  /** The session before this one of the same principal (for "resume memory"). */
  previousId?: Types.ObjectId | null;
  endedAt: Date | null;
  initResult: InitResult | null;
  agentReady: boolean;
}

const schema = new Schema<AgentSessionDoc>(
  {
    principalId: { type: String, required: true },
    name: { type: String, required: true },
    startedAt: { type: Date, required: true },
    previousId: { type: Schema.Types.ObjectId, default: null },
    endedAt: { type: Date, default: null },
    initResult: { type: Schema.Types.Mixed, default: null },
    agentReady: { type: Boolean, default: false },
  },
  { collection: 'agent_sessions', versionKey: false },
);
schema.index({ principalId: 1, endedAt: 1 });
schema.index({ endedAt: 1 });

export const agentSessionModel = (conn: Connection): Model<AgentSessionDoc> => conn.model<AgentSessionDoc>('AgentSession', schema);
