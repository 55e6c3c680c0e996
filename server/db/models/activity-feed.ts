import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ActivityDoc } from './activity.js';

/**
 * The activity log as feeds, newest read first: each entry is copied into the feed of everything
 * it is about (all, its task, its sprint, its actor) under an `_id` derived from (feed, seq), so
 * "the latest 20 of task T-1" is 20 `_id` lookups however long the history grows. FerretDB v1
 * cannot sort or limit in the database, so a query for the newest entries would read them all.
 */
export interface ActivityFeedDoc {
  _id: Types.ObjectId;
  feed: string;
  seq: number;
  entry: ActivityDoc;
}

const schema = new Schema<ActivityFeedDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    feed: { type: String, required: true },
    seq: { type: Number, required: true },
    entry: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'activity_feed', versionKey: false },
);

export const activityFeedModel = (conn: Connection): Model<ActivityFeedDoc> => conn.model<ActivityFeedDoc>('ActivityFeed', schema);
