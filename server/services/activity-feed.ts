import type { ActivityDoc } from '../db/models/activity.js';
import type { ActivityFeedDoc } from '../db/models/activity-feed.js';
import type { Models } from '../db/models/index.js';
import { derivedId } from './message-ids.js';
import { InsertBatcher } from './insert-batcher.js';
import { isDuplicateKey } from './mongo-errors.js';
import { Sequences } from './sequences.js';

/** Tries at one entry before giving up: each retry follows another hub taking the seq tried. */
const MAX_ATTEMPTS = 20;
/** Newest entries of a feed searched for a resent command's entry: it was written just before the hub stopped. */
const RECENT_ON_RESEND = 50;
/** Lookups in flight at once while reading a feed. */
const WINDOW = 25;

export const ALL_FEED = 'all';
export const taskFeed = (code: string) => `task:${code}`;
export const sprintFeed = (code: string) => `sprint:${code}`;
export const actorFeed = (name: string) => `actor:${name}`;

export const feedKeyFor = (feed: string, seq: number) => derivedId(['activity', feed, String(seq)]);

/** The feeds an entry belongs to. */
export function feedsOf(entry: ActivityDoc): string[] {
  return [ALL_FEED, ...(entry.task ? [taskFeed(entry.task)] : []), ...(entry.sprint ? [sprintFeed(entry.sprint)] : []), actorFeed(entry.actor.name)];
}

export interface FeedRead {
  limit: number;
  /** Entries to keep (the feed's own criterion holds already). */
  accept?: (entry: ActivityDoc) => boolean;
  /** Stop at the first entry older than this (feeds are in the order entries were made). */
  since?: Date;
  /** Lookups at most, so a rare criterion cannot walk a whole feed. */
  budget?: number;
}

/** The activity log's feeds (see models/activity-feed.ts): written with every entry, read newest first. */
export class ActivityFeed {
  private readonly seqs: Sequences;
  /** Copies of concurrent commands' entries go in one insert (group commit). */
  private readonly inserts: InsertBatcher<ActivityFeedDoc>;

  constructor(private readonly models: Models) {
    this.inserts = new InsertBatcher<ActivityFeedDoc>(models.activityFeed.collection);
    this.seqs = new Sequences(models, async (feed, seq) => (await models.activityFeed.exists({ _id: feedKeyFor(feed, seq) })) !== null, 'activity/');
  }

  /**
   * Copies into its feeds an entry a resent command may have copied already (the hub stopped
   * half-way): only the feeds whose newest entries do not hold it get it.
   */
  async addMissing(entry: ActivityDoc): Promise<void> {
    const feeds = feedsOf(entry);
    const held = await Promise.all(
      feeds.map(async (feed) => (await this.latest(feed, { limit: 1, budget: RECENT_ON_RESEND, accept: (e) => e._id.equals(entry._id) })).length > 0),
    );
    const missing = feeds.filter((_, i) => !held[i]);
    if (missing.length) await this.add(entry, missing);
  }

  /** Copies `entry` into each of its feeds, in one insert (plus one per seq another hub took first). */
  async add(entry: ActivityDoc, feeds: string[] = feedsOf(entry)): Promise<void> {
    let pending = feeds;
    let fresh = new Set<string>();
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not find a free seq in the activity feeds after ${MAX_ATTEMPTS} tries`);
      const docs: ActivityFeedDoc[] = await Promise.all(
        pending.map(async (feed) => {
          const seq = await this.seqs.claim(feed, 1, fresh.has(feed));
          return { _id: feedKeyFor(feed, seq), feed, seq, entry };
        }),
      );
      const refused = new Set<number>();
      for (const [i, err] of (await this.inserts.insert(docs)).entries()) {
        if (!err) continue;
        if (!isDuplicateKey(err)) throw err;
        refused.add(i);
      }
      for (const [i, d] of docs.entries()) if (!refused.has(i)) this.seqs.stored(d.feed, d.seq);
      pending = docs.filter((_, i) => refused.has(i)).map((d) => d.feed);
      fresh = new Set(pending);
    }
  }

  /** The newest entries of `feed` that `accept` keeps, newest first, by `_id` lookups only. */
  async latest(feed: string, read: FeedRead): Promise<ActivityDoc[]> {
    const found: ActivityDoc[] = [];
    let seq = await this.seqs.latest(feed);
    let budget = read.budget ?? Math.max(200, read.limit * 10);
    while (found.length < read.limit && seq >= 1 && budget > 0) {
      const seqs: number[] = [];
      while (seqs.length < WINDOW && seq >= 1 && seqs.length < budget) seqs.push(seq--);
      budget -= seqs.length;
      const docs = await Promise.all(seqs.map((n) => this.models.activityFeed.findById(feedKeyFor(feed, n)).lean<ActivityFeedDoc>().exec()));
      for (const d of docs) {
        if (!d) continue; // a seq whose insert failed
        if (read.since && d.entry.createdAt < read.since) return found;
        if ((read.accept?.(d.entry) ?? true) && found.length < read.limit) found.push(d.entry);
      }
    }
    return found;
  }
}
