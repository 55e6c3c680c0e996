import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { OWNER_KINDS, type OwnerKind } from '../../../protocol/index.js';

/** One version of a named artifact of a task, a sprint or the project, pointing at a blob. */
export interface ArtifactDoc {
  _id: Types.ObjectId;
  name: string;
  ownerKind: OwnerKind;
  /** The task or sprint code; '' for the project (a value, so the unique index covers it). */
  ownerCode: string;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  doc: boolean;
  uploadedBy: string;
  createdAt: Date;
}

const schema = new Schema<ArtifactDoc>(
  {
    name: { type: String, required: true },
    ownerKind: { type: String, enum: OWNER_KINDS, required: true },
    ownerCode: { type: String, default: '' },
    version: { type: Number, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    mediaType: { type: String, required: true },
    doc: { type: Boolean, default: false },
    uploadedBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'artifacts', versionKey: false },
);
schema.index({ ownerKind: 1, ownerCode: 1, name: 1, version: 1 }, { unique: true });
schema.index({ sha256: 1 });
schema.index({ doc: 1, ownerKind: 1, ownerCode: 1 });

export const artifactModel = (conn: Connection): Model<ArtifactDoc> => conn.model<ArtifactDoc>('Artifact', schema);
