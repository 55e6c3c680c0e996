import { Schema, type Connection, type Model } from 'mongoose';

/** One batch of a run's output; `seq` counts from 1 with no gap, and is unique per run. */
export interface RunChunkDoc {
  run: string;
  seq: number;
  data: string;
  createdAt: Date;
}

const schema = new Schema<RunChunkDoc>(
  {
    run: { type: String, required: true },
    seq: { type: Number, required: true },
    data: { type: String, default: '' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'run_chunks', versionKey: false },
);
// A resent batch is refused by the index, so output is stored once whatever the retries.
schema.index({ run: 1, seq: 1 }, { unique: true });

export const runChunkModel = (conn: Connection): Model<RunChunkDoc> => conn.model<RunChunkDoc>('RunChunk', schema);
