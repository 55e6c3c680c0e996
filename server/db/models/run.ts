import { Schema, type Connection, type Model } from 'mongoose';
import { RUN_STATUSES, type RunWire } from '../../../protocol/index.js';

/**
 * A run as stored: the fields clients see (RunWire) with dates as dates, `_id` the id people type
 * (like `R-7KQ2ZD`), and what only the hub uses.
 */
export interface RunDoc extends Omit<RunWire, 'id' | 'requestedBy' | 'createdAt' | 'startedAt' | 'finishedAt'> {
  _id: string;
  requestedBy: { id: string; name: string; kind: string };
  /** The runner's hold: past it, without a heartbeat, the run is lost. */
  leaseUntil: Date | null;
  /** When an unanswered approval is denied. */
  expiresAt: Date | null;
  cancelRequested: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<RunDoc>(
  {
    _id: { type: String, required: true },
    task: { type: String, required: true },
    sprint: { type: String, required: true },
    command: { type: String, required: true },
    status: { type: String, enum: RUN_STATUSES, required: true },
    requestedBy: { id: String, name: String, kind: String },
    wantsRunner: { type: String, default: null },
    runner: { type: String, default: null },
    network: { type: Boolean, default: false },
    timeoutMs: { type: Number, required: true },
    outputs: { type: [String], default: [] },
    inputs: { type: [String], default: [] },
    leaseUntil: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
    cancelRequested: { type: Boolean, default: false },
    outputSeq: { type: Number, default: 0 },
    outputBytes: { type: Number, default: 0 },
    truncated: { type: Boolean, default: false },
    exitCode: { type: Number, default: null },
    signal: { type: String, default: null },
    durationMs: { type: Number, default: null },
    artifacts: { type: [String], default: [] },
    decidedBy: { type: String, default: null },
    reason: { type: String, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'runs', versionKey: false },
);
// The queue (oldest first), lapsed leases, expiring approvals.
schema.index({ status: 1, createdAt: 1 });
schema.index({ status: 1, leaseUntil: 1 });
schema.index({ status: 1, expiresAt: 1 });
// A task's runs, newest first; a runner's runs.
schema.index({ task: 1, createdAt: -1 });
schema.index({ runner: 1, status: 1 });

export const runModel = (conn: Connection): Model<RunDoc> => conn.model<RunDoc>('Run', schema);
