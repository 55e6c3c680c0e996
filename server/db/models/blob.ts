import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A stored blob: `_id` is the SHA-256 of its bytes, `fileId` the GridFS file holding them. The
 * unique `_id` is what makes two concurrent uploads of the same bytes end up as one blob.
 */
export interface BlobDoc {
  _id: string;
  fileId: Types.ObjectId;
  size: number;
  /**
   * `keyed`: the chunks' `_id`s derive from (fileId, n), so a short read finds them by `_id`
   * (services/blob-chunks.ts). Absent on blobs GridFSBucket stored, with random chunk ids.
   */
  layout?: 'keyed';
  /** False until an artifact points here; unlinked blobs past an hour are swept as abandoned uploads. */
  linked: boolean;
  createdAt: Date;
}

const schema = new Schema<BlobDoc>(
  {
    _id: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    size: { type: Number, required: true },
    layout: { type: String, enum: ['keyed'] },
    linked: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'blobs', versionKey: false },
);
schema.index({ fileId: 1 });
schema.index({ linked: 1, createdAt: 1 });

export const blobModel = (conn: Connection): Model<BlobDoc> => conn.model<BlobDoc>('Blob', schema);
