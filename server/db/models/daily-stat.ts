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
  // Runs that ended, by whoever asked for them: succeeded, or failed (failed, timed out, lost).
  'runsSucceeded',
  'runsFailed',
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/**
 * Whose day a document counts: the whole hub's counters, one agent's (`name`), one sprint's
 * (`name` is its code: tasks created, completed, cancelled and reopened in it), or the day's
 * records (`detail`: each completion, review mark and status stay, which only the report's
 * window reads). The hub's document stays small, so twelve weeks of them are cheap to read.
 */
export const DAILY_SCOPES = ['hub', 'actor', 'sprint', 'detail'] as const;
export type DailyScope = (typeof DAILY_SCOPES)[number];

/** One time a task spent in a status where work waits, ended that day: the bottleneck thresholds come from these. */
export interface StatusStay {
  status: string;
  ms: number;
}

/** A task completed that day: its owner (`o`), cycle (`c`, null if never started) and lead (`l`) times in ms. */
export interface Completion {
  o: string;
  c: number | null;
  l: number;
}

/** A review decision on, or a reopening of, a task of owner `o`. */
export interface OwnerMark {
  o: string;
  k: 'rejected' | 'approved' | 'reopened';
}

export type DailyStatDoc = {
  /** Derived: `day|hub`, `day|detail`, `day|actor|name` and `day|sprint|CODE`, so concurrent upserts meet on one document. */
  _id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  scope: DailyScope;
  name: string | null;
  kind: string | null;
  /**
   * The detail document's records, each packed into one string (records.ts): the embedded
   * FerretDB converts every value of a document it returns, and a subdocument of four fields
   * costs about four times what one string does.
   */
  done?: string[];
  marks?: string[];
  stays?: string[];
  /** Once the day is over, its records folded into one string by the first report that reads them. */
  sealed?: string;
  /** On the hub's document: agents that have a document that day, and sprints with a change that day. */
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
    // No defaults: an upsert that pushes must not also set the array.
    done: { type: [String], default: undefined },
    marks: { type: [String], default: undefined },
    stays: { type: [String], default: undefined },
    sealed: { type: String, default: undefined },
    actors: { type: [String], default: undefined },
    sprints: { type: [String], default: undefined },
  },
  { collection: 'daily_stats', versionKey: false },
);

export const dailyStatModel = (conn: Connection): Model<DailyStatDoc> => conn.model<DailyStatDoc>('DailyStat', schema);
