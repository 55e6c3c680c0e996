import { Schema, type Connection, type Model } from 'mongoose';

/** Per-room sequence counters; `_id` is the room name (a value, never a key). */
export interface CounterDoc {
  _id: string;
  seq: number;
}

const schema = new Schema<CounterDoc>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { collection: 'counters', versionKey: false });

export const counterModel = (conn: Connection): Model<CounterDoc> => conn.model<CounterDoc>('Counter', schema);
