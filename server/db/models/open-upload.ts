import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * An upload whose bytes are being written to GridFS and that is not a blob yet. Written before
 * the first chunk and removed once the upload became a blob or was discarded, so what a crash
 * leaves behind is found by this small collection instead of a pass over every chunk.
 */
export interface OpenUploadDoc {
  _id: Types.ObjectId;
  state: 'open';
  startedAt: Date;
}

const schema = new Schema<OpenUploadDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    state: { type: String, enum: ['open'], required: true },
    startedAt: { type: Date, required: true },
  },
  { collection: 'open_uploads', versionKey: false },
);
schema.index({ state: 1 });

export const openUploadModel = (conn: Connection): Model<OpenUploadDoc> => conn.model<OpenUploadDoc>('OpenUpload', schema);
