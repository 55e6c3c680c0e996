import { LOBBY, sprintRoom, taskRoom, type Activity, type RoomName } from '../../protocol/index.js';
import { Types } from 'mongoose';
import type { ActivityDoc } from '../db/models/activity.js';
import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';
import type { Acting } from './acting.js';
import { ALL_FEED, ActivityFeed, actorFeed, sprintFeed, taskFeed } from './activity-feed.js';
import { DailyStats } from './analytics/daily-stats.js';
import { systemClock, type Clock } from './clock.js';
import { InsertBatcher } from './insert-batcher.js';
import { HubMetrics } from './metrics.js';
import { derivedId } from './message-ids.js';
import { isDuplicateKey } from './mongo-errors.js';
import { activityToWire } from './wire.js';

export interface ActivityFilter {
  task?: string;
  sprint?: string;
  actor?: string;
  /** Only entries made at or after this moment. */
  since?: Date;
  limit?: number;
}

/** The activity log: every change leaves a line here and an `activity:new` in the lobby and the rooms of its task and sprint. */
export class ActivityService {
  readonly feed: ActivityFeed;
  /** The daily roll-ups analytics reads; a task's status change updates them with its log line. */
  readonly daily: DailyStats;

  /** Entries of concurrent commands go in one insert (group commit). */
  private readonly inserts: InsertBatcher<ActivityDoc>;

  constructor(
    models: Models,
    readonly clock: Clock = systemClock,
    metrics: HubMetrics = new HubMetrics(),
  ) {
    this.inserts = new InsertBatcher<ActivityDoc>(models.activities.collection);
    this.feed = new ActivityFeed(models);
    this.daily = new DailyStats(models, clock, metrics);
  }

  /** `move`: the task before and after a status change, so the line says from, to, who and when. */
  async record(
    by: Acting,
    type: string,
    text: string,
    about: { task?: string | null; sprint?: string | null; move?: { before: TaskDoc; after: TaskDoc } } = {},
  ): Promise<Activity> {
    const move = about.move && about.move.before.status !== about.move.after.status ? about.move : undefined;
    const stamp = by.op?.next('activity');
    const doc: ActivityDoc = {
      _id: stamp ? derivedId(['activity', stamp]) : new Types.ObjectId(),
      type,
      actor: { id: by.principal.id, name: by.principal.name, kind: by.principal.kind },
      text,
      task: about.task ?? null,
      sprint: about.sprint ?? null,
      ...(move ? { from: move.before.status, to: move.after.status } : {}),
      createdAt: move?.after.statusSince ?? this.clock.now(),
    };
    // The entry itself, and its copies in the feeds that list it newest first. A resent command's
    // entry may be there already: then it was counted the first time, and only missing copies are made.
    const fresh = by.op?.resend ? await this.storeOnce(doc) : await this.store(doc);
    if (fresh && move) await this.daily.statusMoved(by.principal, move.before, move.after);
    const activity = activityToWire(doc);
    // One event per socket, however many of these rooms it is in.
    const rooms: RoomName[] = [LOBBY, ...(activity.task ? [taskRoom(activity.task)] : []), ...(activity.sprint ? [sprintRoom(activity.sprint)] : [])];
    by.emit(rooms, 'activity:new', { activity });
    return activity;
  }

  /**
   * Inserts the entry and its feed copies at once. The entry's `_id` is new, or derived from a
   * command that is not a resend: finding it stored already means this same write went in twice
   * (a reply lost on the way back), not that an earlier run made it, so it still counts as new.
   */
  private async store(doc: ActivityDoc): Promise<true> {
    const [entry, feed] = await Promise.allSettled([this.inserts.insertOne(doc), this.feed.add(doc)]);
    if (feed.status === 'rejected') throw feed.reason;
    if (entry.status === 'rejected' && !isDuplicateKey(entry.reason)) throw entry.reason;
    return true;
  }

  /**
   * For a resent command: inserts the entry unless its first run did, and the feed copies that
   * run did not make (it may have stopped between the two). False when the entry was there.
   */
  private async storeOnce(doc: ActivityDoc): Promise<boolean> {
    let fresh = true;
    try {
      await this.inserts.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      fresh = false;
    }
    await this.feed.addMissing(doc);
    return fresh;
  }

  /** The newest entries matching `filter`, newest first: read from the narrowest feed it names. */
  async list(filter: ActivityFilter): Promise<Activity[]> {
    const feed = filter.task ? taskFeed(filter.task) : filter.sprint ? sprintFeed(filter.sprint) : filter.actor ? actorFeed(filter.actor) : ALL_FEED;
    const accept = (e: ActivityDoc) =>
      (!filter.task || e.task === filter.task) && (!filter.sprint || e.sprint === filter.sprint) && (!filter.actor || e.actor.name === filter.actor);
    const docs = await this.feed.latest(feed, { limit: filter.limit ?? 20, accept, since: filter.since });
    return docs.map(activityToWire);
  }
}
