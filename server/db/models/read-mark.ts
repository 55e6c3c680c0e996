import { Schema, type Connection, type Model } from 'mongoose';

/** The last message seq a principal has seen in a room (see protocol/read-marks.ts). */
export interface ReadMarkDoc {
  /** `<principal> <room>`: one mark per pair, written by `_id` so an upsert never races into two. */
  _id: string;
  principal: string;
  room: string;
  seq: number;
  updatedAt: Date;
}

const schema = new Schema<ReadMarkDoc>(
  {
    _id: { type: String, required: true },
    principal: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'read_marks', versionKey: false },
);
// A principal's marks, most recently read first: what a browser loads when it signs in.
schema.index({ principal: 1, updatedAt: -1 });

export const readMarkModel = (conn: Connection): Model<ReadMarkDoc> => conn.model<ReadMarkDoc>('ReadMark', schema);
