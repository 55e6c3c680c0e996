import { Schema, type Connection, type Model } from 'mongoose';

/**
 * `<run>:<status>`: stored by whoever moved the run out of that status. The insert is the decision
 * (a unique `_id` holds on every database), so a run leaves each status once, however many
 * people, runners and hubs try at the same moment.
 */
export interface RunMarkDoc {
  _id: string;
  by: string;
  at: Date;
}

const schema = new Schema<RunMarkDoc>(
  { _id: { type: String, required: true }, by: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'run_marks', versionKey: false },
);

export const runMarkModel = (conn: Connection): Model<RunMarkDoc> => conn.model<RunMarkDoc>('RunMark', schema);
