import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { SPRINT_STATUSES, Limits, type SprintStatus } from '../../../protocol/index.js';

export interface SprintDoc {
  _id: Types.ObjectId;
  code: string;
  title: string;
  status: SprintStatus;
  /** Review gate for every task of the sprint (a task's own setting wins). */
  reviewRequired: boolean;
  reviewers: string[];
  /** Agents' runs on the sprint's tasks: allow, approve (wait for a person) or deny; null: approve. A task's own policy wins. */
  agentRuns?: 'allow' | 'approve' | 'deny' | null;
  createdBy: string;
  /** The planned end, when given: forecasts compare with it. */
  endsAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<SprintDoc>(
  {
    code: { type: String, required: true, uppercase: true },
    title: { type: String, required: true, maxlength: Limits.titleChars },
    status: { type: String, enum: SPRINT_STATUSES, default: 'planned' },
    reviewRequired: { type: Boolean, default: false },
    reviewers: { type: [String], default: [] },
    agentRuns: { type: String, enum: ['allow', 'approve', 'deny', null], default: null },
    createdBy: { type: String, required: true },
    endsAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'sprints' },
);
schema.index({ code: 1 }, { unique: true });
schema.index({ status: 1 });

export const sprintModel = (conn: Connection): Model<SprintDoc> => conn.model<SprintDoc>('Sprint', schema);
