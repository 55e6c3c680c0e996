import { Schema, type Connection, type Model } from 'mongoose';

/** An agent principal that registered as a runner: its slots, labels and sandbox. */
export interface RunnerDoc {
  _id: string;
  slots: number;
  labels: string[];
  sandbox: 'bwrap' | 'none';
  online: boolean;
  lastSeenAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<RunnerDoc>(
  {
    _id: { type: String, required: true },
    slots: { type: Number, required: true },
    labels: { type: [String], default: [] },
    sandbox: { type: String, enum: ['bwrap', 'none'], required: true },
    online: { type: Boolean, default: true },
    lastSeenAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'runners', versionKey: false },
);
schema.index({ online: 1 });

export const runnerModel = (conn: Connection): Model<RunnerDoc> => conn.model<RunnerDoc>('Runner', schema);
