import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** An access token. Only its SHA-256 is stored; the token itself is shown once at creation. */
export interface TokenDoc {
  _id: Types.ObjectId;
  hash: string;
  principalId: Types.ObjectId;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const schema = new Schema<TokenDoc>(
  {
    hash: { type: String, required: true },
    principalId: { type: Schema.Types.ObjectId, required: true },
    label: { type: String, default: '' },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'tokens' },
);
schema.index({ hash: 1 }, { unique: true });
schema.index({ principalId: 1 });

export const tokenModel = (conn: Connection): Model<TokenDoc> => conn.model<TokenDoc>('Token', schema);
