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

/** Whose day a document counts: the whole hub, or one agent (`name`), whose figures are its own. */
export const DAILY_SCOPES = ['hub', 'actor'] as const;
export type DailyScope = (typeof DAILY_SCOPES)[number];

/** One time a task spent in a status where work waits, ended that day: the bottleneck thresholds come from these. */
export interface StatusStay {
  status: string;
  ms: number;
}

/** A task completed that day: its owner (`o`), sprint (`s`), cycle (`c`, null if never started) and lead (`l`) times in ms. */
export interface Completion {
  o: string;
  s: string;
  c: number | null;
  l: number;
}

/** A change of a sprint's scope or done count other than a completion: created (+1 scope), cancelled (-1), back from cancelled (+1), reopened (-1 done). */
export interface SprintMove {
  s: string;
  scope: number;
  done: number;
}

/** A review decision on, or a reopening of, a task of owner `o`. */
export interface OwnerMark {
  o: string;
  k: 'rejected' | 'approved' | 'reopened';
}

export type DailyStatDoc = {
  /** Derived: `day|hub` and `day|actor|name`, so concurrent upserts meet on one document. */
  _id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  scope: DailyScope;
  name: string | null;
  kind: string | null;
  /**
   * The hub's document carries the day's events a report needs by owner or sprint, as values in
   * short arrays, so one document per day answers velocity, burn-up, cycle times and review
   * figures: read by `_id`, about 90 documents for 12 weeks however large the history.
   */
  done?: Completion[];
  sprintMoves?: SprintMove[];
  marks?: OwnerMark[];
  stays?: StatusStay[];
  /** Agents that have a document that day, and sprints with a change that day. */
  actors?: string[];
  sprints?: string[];
} & Partial<Record<DailyCounter, number>>;

const counters = Object.fromEntries(DAILY_COUNTERS.map((c) => [c, { type: Number }]));
const plain = { _id: false };

const schema = new Schema<DailyStatDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    scope: { type: String, enum: DAILY_SCOPES, required: true },
    name: { type: String, default: null },
    kind: { type: String, default: null },
    ...counters,
    // No defaults: an upsert that pushes must not also set the array.
    done: { type: [new Schema<Completion>({ o: String, s: String, c: Number, l: Number }, plain)], default: undefined },
    sprintMoves: { type: [new Schema<SprintMove>({ s: String, scope: Number, done: Number }, plain)], default: undefined },
    marks: { type: [new Schema<OwnerMark>({ o: String, k: String }, plain)], default: undefined },
    stays: { type: [new Schema<StatusStay>({ status: String, ms: Number }, plain)], default: undefined },
    actors: { type: [String], default: undefined },
    sprints: { type: [String], default: undefined },
  },
  { collection: 'daily_stats', versionKey: false },
);

export const dailyStatModel = (conn: Connection): Model<DailyStatDoc> => conn.model<DailyStatDoc>('DailyStat', schema);
