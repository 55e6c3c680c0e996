import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MESSAGE_KINDS, type CommandResult, type MessageKind, type PrincipalRef } from '../../../protocol/index.js';

export interface MessageDoc {
  _id: Types.ObjectId;
  room: string;
  seq: number;
  kind: MessageKind;
  sender: PrincipalRef;
  text: string;
  clientId: string;
  replyTo: Types.ObjectId | null;
  result: CommandResult | null;
  meta: Record<string, unknown> | null;
  createdAt: Date;
}

const senderSchema = new Schema<PrincipalRef>({ id: String, name: String, kind: String }, { _id: false });

const schema = new Schema<MessageDoc>(
  {
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, enum: MESSAGE_KINDS, required: true },
    sender: { type: senderSchema, required: true },
    text: { type: String, required: true },
    // Always set (the hub makes one when the client sends none) so the unique index below
    // needs no partial filter, which FerretDB v1 does not support.
    clientId: { type: String, required: true },
    replyTo: { type: Schema.Types.ObjectId, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    meta: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'messages', versionKey: false },
);
schema.index({ room: 1, seq: 1 }, { unique: true });
schema.index({ 'sender.id': 1, clientId: 1 }, { unique: true });
schema.index({ replyTo: 1 });

export const messageModel = (conn: Connection): Model<MessageDoc> => conn.model<MessageDoc>('Message', schema);
