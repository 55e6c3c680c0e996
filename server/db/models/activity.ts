import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { TASK_STATUSES, type PrincipalRef, type TaskStatus } from '../../../protocol/index.js';

/** One line of the activity log: who did what, about which task or sprint. */
export interface ActivityDoc {
  _id: Types.ObjectId;
  type: string;
  actor: PrincipalRef;
  text: string;
  task: string | null;
  sprint: string | null;
  /** A task's status change: from, to (who is `actor`, when is `createdAt`). */
  from?: TaskStatus | null;
  to?: TaskStatus | null;
  createdAt: Date;
}

const actorSchema = new Schema<PrincipalRef>({ id: String, name: String, kind: String }, { _id: false });

const schema = new Schema<ActivityDoc>(
  {
    type: { type: String, required: true },
    actor: { type: actorSchema, required: true },
    text: { type: String, required: true },
    task: { type: String, default: null },
    sprint: { type: String, default: null },
    from: { type: String, enum: [...TASK_STATUSES, null], default: undefined },
    to: { type: String, enum: [...TASK_STATUSES, null], default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'activities', versionKey: false },
);
schema.index({ createdAt: -1 });
schema.index({ task: 1, createdAt: -1 });
schema.index({ sprint: 1, createdAt: -1 });
schema.index({ 'actor.name': 1, createdAt: -1 });

export const activityModel = (conn: Connection): Model<ActivityDoc> => conn.model<ActivityDoc>('Activity', schema);
