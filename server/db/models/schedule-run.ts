import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One occurrence of a schedule, claimed before it runs: `_id` is `<schedule>@<occurrence ISO>`,
 * so of several hubs finding the same occurrence due, exactly one inserts it and runs it.
 */
export interface ScheduleRunDoc {
  _id: string;
  schedule: string;
  occurrence: Date;
  /** Occurrences skipped because no hub ran while they were due (this run stands for them). */
  missed: number;
  ok: boolean | null;
  text: string | null;
  createdAt: Date;
}

const schema = new Schema<ScheduleRunDoc>(
  {
    _id: { type: String, required: true },
    schedule: { type: String, required: true },
    occurrence: { type: Date, required: true },
    missed: { type: Number, default: 0 },
    ok: { type: Boolean, default: null },
    text: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'schedule_runs', versionKey: false },
);
schema.index({ schedule: 1, occurrence: -1 });

export const scheduleRunModel = (conn: Connection): Model<ScheduleRunDoc> => conn.model<ScheduleRunDoc>('ScheduleRun', schema);
