import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ParcelAttachment, ParcelStatus, PrincipalRef } from '../../../protocol/index.js';

export interface ParcelDoc {
  _id: Types.ObjectId;
  from: PrincipalRef;
  to: string;
  subject: string;
  body: string;
  kind: 'message' | 'assignment' | 'mention' | 'broadcast' | 'notice';
  task: string | null;
  attachments: ParcelAttachment[];
  /** The attachments' hashes, flat, so "may this recipient read these bytes" is one indexed query. */
  attachmentShas: string[];
  replyTo: Types.ObjectId | null;
  threadId: Types.ObjectId;
  status: ParcelStatus;
  redactions: number;
  createdAt: Date;
  /** `YYYY-MM` of createdAt (UTC): the inbox's read history is listed a month at a time, by equality. */
  month: string;
  deliveredAt: Date | null;
  readAt: Date | null;
  /** The stamp of the command that sent it (see services/op-stamp.ts): a resend after a crash finds it and sends it once. */
  op: string | null;
}

const ref = new Schema<PrincipalRef>({ id: String, name: String, kind: String }, { _id: false });
const attachment = new Schema<ParcelAttachment>({ name: String, uri: String, sha256: String, size: Number, mediaType: String }, { _id: false });

const schema = new Schema<ParcelDoc>(
  {
    from: { type: ref, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, default: '' },
    kind: { type: String, required: true },
    task: { type: String, default: null },
    attachments: { type: [attachment], default: [] },
    attachmentShas: { type: [String], default: [] },
    replyTo: { type: Schema.Types.ObjectId, default: null },
    threadId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, default: 'queued' },
    redactions: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    month: { type: String, required: true },
    deliveredAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
    op: { type: String, default: null },
  },
  { collection: 'parcels', versionKey: false },
);
schema.index({ to: 1, status: 1, _id: 1 });
schema.index({ to: 1, month: 1 });
schema.index({ threadId: 1, _id: 1 });
schema.index({ op: 1 });
schema.index({ to: 1, attachmentShas: 1 });
schema.index({ 'from.name': 1, _id: 1 });

export const parcelModel = (conn: Connection): Model<ParcelDoc> => conn.model<ParcelDoc>('Parcel', schema);
