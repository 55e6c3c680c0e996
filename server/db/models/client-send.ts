import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * Where the message a principal sent with a client id is: `_id` is derived from (sender, client
 * id), so the idempotency check before every send is one `_id` lookup. The unique
 * (sender.id, clientId) index on messages stays the guarantee; this is the fast way to it.
 */
export interface ClientSendDoc {
  _id: Types.ObjectId;
  room: string;
  seq: number;
}

const schema = new Schema<ClientSendDoc>(
  { _id: { type: Schema.Types.ObjectId, required: true }, room: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'client_sends', versionKey: false },
);

export const clientSendModel = (conn: Connection): Model<ClientSendDoc> => conn.model<ClientSendDoc>('ClientSend', schema);
