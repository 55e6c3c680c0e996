import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** An invitation: `principal` may use `room` (a sprint or task room) though not assigned there. */
export interface RoomGrantDoc {
  _id: Types.ObjectId;
  room: string;
  principal: string;
  grantedBy: string;
  createdAt: Date;
}

const schema = new Schema<RoomGrantDoc>(
  {
    room: { type: String, required: true },
    principal: { type: String, required: true },
    grantedBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'room_grants', versionKey: false },
);
schema.index({ principal: 1, room: 1 }, { unique: true });

export const roomGrantModel = (conn: Connection): Model<RoomGrantDoc> => conn.model<RoomGrantDoc>('RoomGrant', schema);
