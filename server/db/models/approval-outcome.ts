import { Schema, type Connection, type Model } from 'mongoose';

/**
 * How an approval was resolved, stored under the approval's id: the first insert wins, so two
 * people answering at the same moment (on any hub) resolve it exactly once.
 */
export interface ApprovalOutcomeDoc {
  _id: string;
  outcome: 'approved' | 'denied' | 'expired';
  by: string;
  comment: string | null;
  at: Date;
}

const schema = new Schema<ApprovalOutcomeDoc>(
  {
    _id: { type: String, required: true },
    outcome: { type: String, enum: ['approved', 'denied', 'expired'], required: true },
    by: { type: String, required: true },
    comment: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'approval_outcomes', versionKey: false },
);

export const approvalOutcomeModel = (conn: Connection): Model<ApprovalOutcomeDoc> => conn.model<ApprovalOutcomeDoc>('ApprovalOutcome', schema);
