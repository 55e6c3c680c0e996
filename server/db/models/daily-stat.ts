import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What one day's roll-ups count, each a plain number bumped with `$inc` as things happen, so a
 * report reads a few day documents instead of the history. The names are ours, never a user's.
 */
export const DAILY_COUNTERS = [
  'commands',
  'commandsFailed',
  'commandsHuman',
  'commandsAgent',
  'messages',
  'messagesHuman',
  'messagesAgent',
  'artifacts',
  'artifactBytes',
  'downloads',
  'previews',
  'dashboardViews',
  'dashboardViewsHuman',
  'dashboardViewsAgent',
  'created',
  'completed',
  'cancelled',
  'reopened',
  'rejected',
  'approved',
  'initOk',
  'initFailed',
  'deliveries',
  'deliveryMs',
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/** Whose day a document counts: the whole hub, one principal (`name`), or one sprint (`name` is its code). */
export const DAILY_SCOPES = ['hub', 'actor', 'sprint'] as const;
export type DailyScope = (typeof DAILY_SCOPES)[number];

/** One time a task spent in one status, ended that day: the bottleneck thresholds come from these. */
export interface StatusStay {
  status: string;
  ms: number;
}

export type DailyStatDoc = {
  /** Derived: `day|hub`, `day|actor|name`, `day|sprint|CODE`, so concurrent upserts meet on one document. */
  _id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  scope: DailyScope;
  name: string | null;
  /** For `actor`: person or agent (the hub's own system principal counts in totals only). */
  kind: string | null;
  /** Cycle (in progress -> completed) and lead (created -> completed) times of the tasks completed that day, in ms. */
  cycleMs?: number[];
  leadMs?: number[];
  stays?: StatusStay[];
  /** On the hub's document: whose and which sprints' documents exist that day, so a report reads them by `_id`. */
  actors?: string[];
  sprints?: string[];
} & Partial<Record<DailyCounter, number>>;

const counters = Object.fromEntries(DAILY_COUNTERS.map((c) => [c, { type: Number }]));

const schema = new Schema<DailyStatDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    scope: { type: String, enum: DAILY_SCOPES, required: true },
    name: { type: String, default: null },
    kind: { type: String, default: null },
    ...counters,
    // No default: an upsert that pushes must not also set the array.
    cycleMs: { type: [Number], default: undefined },
    leadMs: { type: [Number], default: undefined },
    stays: { type: [new Schema<StatusStay>({ status: String, ms: Number }, { _id: false })], default: undefined },
    actors: { type: [String], default: undefined },
    sprints: { type: [String], default: undefined },
  },
  { collection: 'daily_stats', versionKey: false },
);

export const dailyStatModel = (conn: Connection): Model<DailyStatDoc> => conn.model<DailyStatDoc>('DailyStat', schema);
