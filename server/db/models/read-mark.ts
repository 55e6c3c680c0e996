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
// Read and written by `_id` only: a browser asks for the marks of the rooms it shows.

export const readMarkModel = (conn: Connection): Model<ReadMarkDoc> => conn.model<ReadMarkDoc>('ReadMark', schema);
