import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { PRINCIPAL_KINDS, ROLES, type PrincipalKind, type Role } from '../../../protocol/index.js';

/** A person or an agent. Names are unique, stored lower-case, and what `@name` refers to. */
export interface PrincipalDoc {
  _id: Types.ObjectId;
  name: string;
  kind: PrincipalKind;
  role: Role;
  /** True while at least one socket of this principal is connected (to any hub). */
  online: boolean;
  lastSeenAt: Date | null;
  /** The principal's latest chat session: read by `_id`, since sessions pile up with history. */
  lastSessionId?: Types.ObjectId | null;
  createdAt: Date;
}

const schema = new Schema<PrincipalDoc>(
  {
    name: { type: String, required: true, lowercase: true, trim: true },
    kind: { type: String, enum: PRINCIPAL_KINDS, required: true },
    role: { type: String, enum: ROLES, required: true },
    online: { type: Boolean, default: false },
    lastSeenAt: { type: Date, default: null },
    lastSessionId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'principals' },
);
schema.index({ name: 1 }, { unique: true });

export const principalModel = (conn: Connection): Model<PrincipalDoc> => conn.model<PrincipalDoc>('Principal', schema);
