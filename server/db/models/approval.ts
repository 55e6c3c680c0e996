import { Schema, type Connection, type Model } from 'mongoose';
import { APPROVAL_KINDS, APPROVAL_STATUSES, type ApprovalKind, type ApprovalStatus } from '../../../protocol/index.js';

/** A question for people (or a task's review): `_id` is the id people type, like `A-7KQ2ZD`. */
export interface ApprovalDoc {
  _id: string;
  kind: ApprovalKind;
  question: string;
  task: string | null;
  requestedBy: string;
  approvers: string[];
  /** No approvers named: any person may answer (an indexed flag, for "waiting for you"). */
  anyPerson: boolean;
  status: ApprovalStatus;
  expiresAt: Date | null;
  decidedBy: string | null;
  comment: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ApprovalDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: APPROVAL_KINDS, required: true },
    question: { type: String, required: true },
    task: { type: String, default: null },
    requestedBy: { type: String, required: true },
    approvers: { type: [String], default: [] },
    anyPerson: { type: Boolean, required: true },
    status: { type: String, enum: APPROVAL_STATUSES, default: 'pending' },
    expiresAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    comment: { type: String, default: null },
    decidedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'approvals', versionKey: false },
);
schema.index({ status: 1, expiresAt: 1 });
schema.index({ task: 1, status: 1 });
schema.index({ approvers: 1, status: 1 });
schema.index({ requestedBy: 1, status: 1 });
schema.index({ anyPerson: 1, status: 1 });

export const approvalModel = (conn: Connection): Model<ApprovalDoc> => conn.model<ApprovalDoc>('Approval', schema);
