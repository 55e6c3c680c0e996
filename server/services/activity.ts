import { LOBBY, sprintRoom, taskRoom, type Activity, type RoomName } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import type { TaskDoc } from '../db/models/task.js';
import type { Acting } from './acting.js';
import { DailyStats } from './analytics/daily-stats.js';
import { systemClock, type Clock } from './clock.js';
import { HubMetrics } from './metrics.js';
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
  /** The daily roll-ups analytics reads; a task's status change updates them with its log line. */
  readonly daily: DailyStats;

  constructor(
    private readonly models: Models,
    readonly clock: Clock = systemClock,
    metrics: HubMetrics = new HubMetrics(),
  ) {
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
    const doc = await this.models.activities.create({
      type,
      actor: by.principal,
      text,
      task: about.task ?? null,
      sprint: about.sprint ?? null,
      ...(move ? { from: move.before.status, to: move.after.status } : {}),
      createdAt: move?.after.statusSince ?? this.clock.now(),
    });
    if (move) await this.daily.statusMoved(by.principal, move.before, move.after);
    const activity = activityToWire(doc.toObject());
    // One event per socket, however many of these rooms it is in.
    const rooms: RoomName[] = [LOBBY, ...(activity.task ? [taskRoom(activity.task)] : []), ...(activity.sprint ? [sprintRoom(activity.sprint)] : [])];
    by.emit(rooms, 'activity:new', { activity });
    return activity;
  }

  async list(filter: ActivityFilter): Promise<Activity[]> {
    const query: Record<string, unknown> = {};
    if (filter.task) query.task = filter.task;
    if (filter.sprint) query.sprint = filter.sprint;
    if (filter.actor) query['actor.name'] = filter.actor;
    if (filter.since) query.createdAt = { $gte: filter.since };
    const docs = await this.models.activities
      .find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(filter.limit ?? 20)
      .lean();
    return docs.map(activityToWire);
  }
}
