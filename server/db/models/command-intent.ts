import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A command about to run, recorded before its first write under the `_id` derived from
 * (sender, client id). Finding one when a command arrives means this is a resend of a run that
 * may have written part of its effects before the hub stopped: the run is repeated under the
 * same stamp (see services/op-stamp.ts), so nothing is applied twice.
 */
export interface CommandIntentDoc {
  _id: Types.ObjectId;
  room: string;
  /** The command's name only: its arguments may be private. */
  command: string;
  at: Date;
}

const schema = new Schema<CommandIntentDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    room: { type: String, required: true },
    command: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'command_intents', versionKey: false },
);

export const commandIntentModel = (conn: Connection): Model<CommandIntentDoc> => conn.model<CommandIntentDoc>('CommandIntent', schema);
