import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A command line run at each occurrence of a cron pattern or interval, as its creator. */
export interface ScheduleDoc {
  _id: string;
  cron: string | null;
  everyMs: number | null;
  /** Where an interval counts from (the creation, on the hub's clock). */
  anchorAt: Date;
  tz: string;
  room: string;
  line: string;
  createdBy: string;
  createdById: Types.ObjectId;
  active: boolean;
  /** The next occurrence to run; due when it is not after now. */
  nextAt: Date | null;
  lastRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ScheduleDoc>(
  {
    _id: { type: String, required: true },
    cron: { type: String, default: null },
    everyMs: { type: Number, default: null },
    anchorAt: { type: Date, required: true },
    tz: { type: String, default: 'UTC' },
    room: { type: String, required: true },
    line: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdById: { type: Schema.Types.ObjectId, required: true },
    active: { type: Boolean, default: true },
    nextAt: { type: Date, default: null },
    lastRunAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'schedules', versionKey: false },
);
schema.index({ active: 1, nextAt: 1 });
schema.index({ createdBy: 1 });

export const scheduleModel = (conn: Connection): Model<ScheduleDoc> => conn.model<ScheduleDoc>('Schedule', schema);
