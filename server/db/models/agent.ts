import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** The registry entry of an agent principal: what it does and how it is doing. */
export interface AgentDoc {
  _id: Types.ObjectId;
  name: string;
  agentRole: string;
  capabilities: string[];
  profile: string;
  declaredStatus: 'busy' | 'idle' | null;
  currentTask: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<AgentDoc>(
  {
    name: { type: String, required: true, lowercase: true },
    agentRole: { type: String, default: 'agent' },
    capabilities: { type: [String], default: [] },
    profile: { type: String, default: '' },
    declaredStatus: { type: String, enum: ['busy', 'idle', null], default: null },
    currentTask: { type: String, default: null },
  },
  { timestamps: true, collection: 'agents', versionKey: false },
);
schema.index({ name: 1 }, { unique: true });
schema.index({ agentRole: 1 });

export const agentModel = (conn: Connection): Model<AgentDoc> => conn.model<AgentDoc>('Agent', schema);
