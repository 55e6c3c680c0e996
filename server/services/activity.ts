import { LOBBY, sprintRoom, taskRoom, type Activity, type RoomName } from '../../protocol/index.js';
import { Types } from 'mongoose';
import type { ActivityDoc } from '../db/models/activity.js';
import type { Models } from '../db/models/index.js';
import type { Acting } from './acting.js';
import { ALL_FEED, ActivityFeed, actorFeed, sprintFeed, taskFeed } from './activity-feed.js';
import type { Clock } from './clock.js';
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

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {
    this.feed = new ActivityFeed(models);
  }

  async record(by: Acting, type: string, text: string, about: { task?: string | null; sprint?: string | null } = {}): Promise<Activity> {
    const doc: ActivityDoc = {
      _id: new Types.ObjectId(),
      type,
      actor: { id: by.principal.id, name: by.principal.name, kind: by.principal.kind },
      text,
      task: about.task ?? null,
      sprint: about.sprint ?? null,
      createdAt: this.clock.now(),
    };
    // The entry itself, and its copies in the feeds that list it newest first.
    await Promise.all([this.models.activities.collection.insertOne(doc), this.feed.add(doc)]);
    const activity = activityToWire(doc);
    // One event per socket, however many of these rooms it is in.
    const rooms: RoomName[] = [LOBBY, ...(activity.task ? [taskRoom(activity.task)] : []), ...(activity.sprint ? [sprintRoom(activity.sprint)] : [])];
    by.emit(rooms, 'activity:new', { activity });
    return activity;
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
