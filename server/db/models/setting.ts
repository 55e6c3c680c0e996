import { Schema, type Connection, type Model } from 'mongoose';

/** Hub-wide values that must survive restarts and be shared by hubs, e.g. the link-signing key. */
export interface SettingDoc {
  _id: string;
  value: string;
}

const schema = new Schema<SettingDoc>({ _id: { type: String, required: true }, value: { type: String, required: true } }, { collection: 'settings', versionKey: false });

export const settingModel = (conn: Connection): Model<SettingDoc> => conn.model<SettingDoc>('Setting', schema);
