import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One memory entry of a principal. `key` is a value, so any key a user picks is safe. */
export interface MemoryDoc {
  _id: Types.ObjectId;
  owner: string;
  key: string;
  value: string;
  ephemeral: boolean;
  /** The session an ephemeral entry belongs to; it goes when the session ends. */
  sessionId: Types.ObjectId | null;
  expiresAt: Date | null;
  updatedAt: Date;
}

const schema = new Schema<MemoryDoc>(
  {
    owner: { type: String, required: true },
    key: { type: String, required: true },
    value: { type: String, required: true },
    ephemeral: { type: Boolean, default: false },
    sessionId: { type: Schema.Types.ObjectId, default: null },
    expiresAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'memory', versionKey: false },
);
schema.index({ owner: 1, key: 1 }, { unique: true });
schema.index({ expiresAt: 1 });
schema.index({ sessionId: 1 });

export const memoryModel = (conn: Connection): Model<MemoryDoc> => conn.model<MemoryDoc>('Memory', schema);
