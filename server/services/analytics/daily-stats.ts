import type { PrincipalRef } from '../../../protocol/index.js';
import type { DailyCounter, DailyScope, DailyStatDoc, StatusStay } from '../../db/models/daily-stat.js';
import type { Models } from '../../db/models/index.js';
import type { TaskDoc } from '../../db/models/task.js';
import type { Clock } from '../clock.js';
import type { HubMetrics } from '../metrics.js';
import { isDuplicateKey } from '../mongo-errors.js';
import { dayOf } from './days.js';
import { enteredStatusAt } from './task-timing.js';

type Counts = Partial<Record<DailyCounter, number>>;
interface Pushes {
  cycleMs?: number;
  leadMs?: number;
  stays?: StatusStay;
}

export const dailyId = (day: string, scope: DailyScope, name: string | null) => (scope === 'hub' ? `${day}|hub` : `${day}|${scope}|${name}`);

/** People ("human" counters) and agents are compared; the hub's own (system) actions count in totals only. */
const byKind = (kind: PrincipalRef['kind'], human: DailyCounter, agent: DailyCounter): Counts =>
  kind === 'person' ? { [human]: 1 } : kind === 'agent' ? { [agent]: 1 } : {};

/**
 * The daily roll-ups, kept as things happen: each event is one `$inc` (and `$push` for times)
 * upsert per document it counts in, under a derived `_id`, so hubs sharing a database add up
 * without reading first. Reports read these instead of the history.
 */
export class DailyStats {
  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    /** This process's Prometheus counters for the same events. */
    private readonly metrics: HubMetrics,
  ) {}

  commandRan(by: PrincipalRef, ok: boolean): Promise<void> {
    const counts: Counts = { commands: 1, ...(ok ? {} : { commandsFailed: 1 }), ...byKind(by.kind, 'commandsHuman', 'commandsAgent') };
    return this.add(counts, { actor: by, actorCounts: { commands: 1, ...(ok ? {} : { commandsFailed: 1 }) } });
  }

  messageSent(by: PrincipalRef): Promise<void> {
    this.metrics.chatMessages.inc({ principal_kind: by.kind });
    return this.add({ messages: 1, ...byKind(by.kind, 'messagesHuman', 'messagesAgent') }, { actor: by, actorCounts: { messages: 1 } });
  }

  artifactStored(bytes: number): Promise<void> {
    this.metrics.artifacts.inc();
    this.metrics.artifactBytes.inc(bytes);
    return this.add({ artifacts: 1, artifactBytes: bytes });
  }

  /** Documentation access: an artifact's content read whole (download) or in part (preview). */
  artifactRead(by: PrincipalRef | null, how: 'download' | 'preview'): Promise<void> {
    const counter = how === 'download' ? 'downloads' : 'previews';
    this.metrics.artifactReads.inc({ how });
    // A signed link carries no principal: the hub's total counts it, nobody's own day does.
    return this.add({ [counter]: 1 }, by ? { actor: by, actorCounts: { [counter]: 1 } } : {});
  }

  dashboardViewed(by: PrincipalRef): Promise<void> {
    return this.add({ dashboardViews: 1, ...byKind(by.kind, 'dashboardViewsHuman', 'dashboardViewsAgent') }, { actor: by, actorCounts: { dashboardViews: 1 } });
  }

  initFinished(agent: PrincipalRef, ok: boolean): Promise<void> {
    const counts: Counts = ok ? { initOk: 1 } : { initFailed: 1 };
    this.metrics.init.inc({ outcome: ok ? 'ok' : 'failed' });
    return this.add(counts, { actor: agent, actorCounts: counts });
  }

  /** Only counted for /metrics: parcels per day are in the parcels themselves. */
  parcelsQueued(count: number): void {
    this.metrics.parcels.inc(count);
  }

  parcelDelivered(latencyMs: number): Promise<void> {
    this.metrics.deliverySeconds.observe(Math.max(0, latencyMs) / 1000);
    return this.add({ deliveries: 1, deliveryMs: Math.max(0, Math.round(latencyMs)) });
  }

  taskCreated(task: Pick<TaskDoc, 'sprint'>): Promise<void> {
    return this.add({ created: 1 }, { sprint: task.sprint, sprintCounts: { created: 1 } });
  }

  /**
   * A task changed status (already written, `after` holds its timing). Counts completions with
   * their cycle and lead times for the task's owner (assignee, else holder, else whoever moved
   * it), reopenings, review outcomes, cancellations, and the time spent in the status it left.
   */
  async statusMoved(by: PrincipalRef, before: TaskDoc, after: TaskDoc): Promise<void> {
    if (before.status === after.status) return;
    const at = after.statusSince ?? this.clock.now();
    const owner = after.assignee ?? before.claimedBy ?? by.name;
    const counts: Counts = {};
    const pushes: Pushes = { stays: { status: before.status, ms: Math.max(0, at.getTime() - new Date(enteredStatusAt(before)).getTime()) } };
    const ownerPushes: Pushes = {};
    if (after.status === 'completed') {
      counts.completed = 1;
      const done = (after.completedAt ?? at).getTime();
      pushes.leadMs = ownerPushes.leadMs = done - new Date(after.createdAt).getTime();
      if (after.startedAt) pushes.cycleMs = ownerPushes.cycleMs = done - new Date(after.startedAt).getTime();
    }
    if (before.status === 'completed') counts.reopened = 1;
    if (before.status === 'review') {
      if (after.status === 'completed') counts.approved = 1;
      if (after.status === 'in_progress' || after.status === 'todo') counts.rejected = 1;
    }
    if (after.status === 'cancelled') counts.cancelled = 1;
    if (before.status === 'cancelled') counts.cancelled = -1;
    const sprintCounts: Counts = { ...counts };
    delete sprintCounts.approved;
    delete sprintCounts.rejected;
    await this.add(counts, { at, pushes, actor: { name: owner }, actorCounts: counts, actorPushes: ownerPushes, sprint: after.sprint, sprintCounts });
  }

  private async add(
    counts: Counts,
    also: {
      at?: Date;
      pushes?: Pushes;
      actor?: { name: string; kind?: PrincipalRef['kind'] };
      actorCounts?: Counts;
      actorPushes?: Pushes;
      sprint?: string;
      sprintCounts?: Counts;
    } = {},
  ): Promise<void> {
    const day = dayOf(also.at ?? this.clock.now());
    const actor = also.actor && also.actor.kind !== 'system' ? also.actor : null;
    const sprint = also.sprint && also.sprintCounts && Object.keys(also.sprintCounts).length ? also.sprint : null;
    // The hub's document lists the day's other documents: a report reads them all by `_id`.
    const listed = { ...(actor ? { actors: actor.name } : {}), ...(sprint ? { sprints: sprint } : {}) };
    const writes: Promise<void>[] = [this.upsert(day, 'hub', null, null, counts, also.pushes, listed)];
    if (actor) writes.push(this.upsert(day, 'actor', actor.name, actor.kind ?? null, also.actorCounts ?? {}, also.actorPushes));
    if (sprint) writes.push(this.upsert(day, 'sprint', sprint, null, also.sprintCounts!));
    await Promise.all(writes);
  }

  private async upsert(
    day: string,
    scope: DailyScope,
    name: string | null,
    kind: string | null,
    counts: Counts,
    pushes: Pushes = {},
    listed: { actors?: string; sprints?: string } = {},
  ): Promise<void> {
    const push = Object.fromEntries(Object.entries(pushes).filter(([, v]) => v !== undefined));
    const update: Record<string, unknown> = { $set: { day, scope, name, ...(kind ? { kind } : {}) } };
    if (Object.keys(counts).length) update.$inc = counts;
    if (Object.keys(push).length) update.$push = push;
    if (Object.keys(listed).length) update.$addToSet = listed;
    const filter = { _id: dailyId(day, scope, name) };
    try {
      await this.models.dailyStats.updateOne(filter, update, { upsert: true });
    } catch (err) {
      // Two first events of a day raced to insert: the loser's update now finds the document.
      if (!isDuplicateKey(err)) throw err;
      await this.models.dailyStats.updateOne(filter, update);
    }
  }

  /**
   * The roll-ups of these days, every scope, read by `_id` only (the one lookup every backend
   * serves from an index): the hub's document of each day, then the principals' and sprints'
   * documents it lists. Bounded by the days times those active on them.
   */
  async read(days: string[]): Promise<DailyStatDoc[]> {
    const byId = (id: string) => this.models.dailyStats.findById(id).lean<DailyStatDoc>();
    const hubs = (await Promise.all(days.map((d) => byId(dailyId(d, 'hub', null))))).filter((d) => d !== null);
    const others = hubs.flatMap((h) => [...(h.actors ?? []).map((a) => dailyId(h.day, 'actor', a)), ...(h.sprints ?? []).map((s) => dailyId(h.day, 'sprint', s))]);
    const rest = (await Promise.all(others.map(byId))).filter((d) => d !== null);
    return [...hubs, ...rest];
  }
}
