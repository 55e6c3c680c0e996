import type { PrincipalRef, TaskStatus } from '../../../protocol/index.js';
import type { DailyCounter, DailyScope, DailyStatDoc } from '../../db/models/daily-stat.js';
import type { Models } from '../../db/models/index.js';
import type { TaskDoc } from '../../db/models/task.js';
import type { Clock } from '../clock.js';
import type { HubMetrics } from '../metrics.js';
import { WAITING_STATUSES } from './bottlenecks.js';
import { dayOf } from './days.js';
import { RollUpWrites, type RollUpUpdate } from './roll-up-writes.js';
import { packCompletion, packMark, packStay, recordsOf, sealRecords } from './records.js';
import { enteredStatusAt } from './task-timing.js';

type Counts = Partial<Record<DailyCounter, number>>;
/** Records pushed to the day's detail document, packed (records.ts). */
interface DetailPushes {
  done?: string;
  marks?: string;
  stays?: string;
}

/** How a run fails: by its command, its clock, or its runner going silent. */
const RUN_FAILURES = new Set(['failed', 'timed_out', 'lost']);

/** Where work waits: the stays the bottleneck thresholds are taken from. */
const WAITING = new Set<TaskStatus>(WAITING_STATUSES);

export const dailyId = (day: string, scope: DailyScope, name: string | null = null) => (name === null ? `${day}|${scope}` : `${day}|${scope}|${name}`);

/** People ("human" counters) and agents are compared; the hub's own (system) actions count in totals only. */
const byKind = (kind: PrincipalRef['kind'], human: DailyCounter, agent: DailyCounter): Counts =>
  kind === 'person' ? { [human]: 1 } : kind === 'agent' ? { [agent]: 1 } : {};

/** Ids per `$in` read (FerretDB's pushdown takes up to 1000). */
const ID_BATCH = 500;

/** What one report reads: the hub's documents of every day it covers, the rest of its window only. */
export interface DayDocuments {
  hub: DailyStatDoc[];
  /** Sprint documents of every day covered (velocity and burn-up walk them). */
  sprints: DailyStatDoc[];
  /** The window's detail and agent documents. */
  details: DailyStatDoc[];
  agents: DailyStatDoc[];
}

/**
 * The daily roll-ups, kept as things happen: each event is an upsert of the hub's document of
 * the day (`$inc` counters), and as it concerns them of the task's sprint's, of the acting
 * agent's, and of the day's detail document (`$push` of packed records), under derived `_id`s,
 * so hubs sharing a database add up without reading first. Reports read these instead of the
 * history.
 */

export class DailyStats {
  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    /** This process's Prometheus counters for the same events. */
    private readonly metrics: HubMetrics,
  ) {
    this.writes = new RollUpWrites(models);
  }

  /** Changes gathered while the previous write is in flight go as one upsert per document. */
  private readonly writes: RollUpWrites;

  commandRan(by: PrincipalRef, ok: boolean): Promise<void> {
    const mine: Counts = { commands: 1, ...(ok ? {} : { commandsFailed: 1 }) };
    return this.add({ ...mine, ...byKind(by.kind, 'commandsHuman', 'commandsAgent') }, { agent: by, agentCounts: mine });
  }

  messageSent(by: PrincipalRef): Promise<void> {
    this.metrics.chatMessages.inc({ principal_kind: by.kind });
    return this.add({ messages: 1, ...byKind(by.kind, 'messagesHuman', 'messagesAgent') }, { agent: by, agentCounts: { messages: 1 } });
  }

  artifactStored(bytes: number): Promise<void> {
    this.metrics.artifacts.inc();
    this.metrics.artifactBytes.inc(bytes);
    return this.add({ artifacts: 1, artifactBytes: bytes });
  }

  /** Documentation access: an artifact's content read whole (download) or in part (preview); a signed link has no principal. */
  artifactRead(by: PrincipalRef | null, how: 'download' | 'preview'): Promise<void> {
    const counter = how === 'download' ? 'downloads' : 'previews';
    this.metrics.artifactReads.inc({ how });
    return this.add({ [counter]: 1 }, by ? { agent: by, agentCounts: { [counter]: 1 } } : {});
  }

  dashboardViewed(by: PrincipalRef): Promise<void> {
    return this.add({ dashboardViews: 1, ...byKind(by.kind, 'dashboardViewsHuman', 'dashboardViewsAgent') }, { agent: by, agentCounts: { dashboardViews: 1 } });
  }

  initFinished(agent: PrincipalRef, ok: boolean): Promise<void> {
    const counts: Counts = ok ? { initOk: 1 } : { initFailed: 1 };
    this.metrics.init.inc({ outcome: ok ? 'ok' : 'failed' });
    return this.add(counts, { agent, agentCounts: counts });
  }

  /** A run ended: it succeeded, or failed (failed, timed out, lost); cancelled and denied runs count in /metrics only. */
  runFinished(requester: PrincipalRef, state: string): Promise<void> {
    this.metrics.runs.inc({ state });
    const counter: DailyCounter | null = state === 'succeeded' ? 'runsSucceeded' : RUN_FAILURES.has(state) ? 'runsFailed' : null;
    if (!counter) return Promise.resolve();
    return this.add({ [counter]: 1 }, { agent: requester, agentCounts: { [counter]: 1 } });
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
   * A task changed status (already written, `after` holds its timing). Records a completion with
   * its cycle and lead times for the task's owner (assignee, else holder, else whoever moved it),
   * reopenings, review outcomes, cancellations, and the time spent in the status it left; the
   * sprint's document counts what changes its scope (cancelled, back) and done (completed, reopened).
   */
  async statusMoved(by: PrincipalRef, before: TaskDoc, after: TaskDoc): Promise<void> {
    if (before.status === after.status) return;
    const at = after.statusSince ?? this.clock.now();
    const o = after.assignee ?? before.claimedBy ?? by.name;
    const counts: Counts = {};
    const detail: DetailPushes = {};
    if (WAITING.has(before.status)) detail.stays = packStay({ status: before.status, ms: Math.max(0, at.getTime() - new Date(enteredStatusAt(before)).getTime()) });
    if (after.status === 'completed') {
      counts.completed = 1;
      const done = (after.completedAt ?? at).getTime();
      detail.done = packCompletion({ o, c: after.startedAt ? done - new Date(after.startedAt).getTime() : null, l: done - new Date(after.createdAt).getTime() });
    }
    if (before.status === 'completed') {
      counts.reopened = 1;
      detail.marks = packMark({ o, k: 'reopened' });
    }
    if (before.status === 'review' && after.status === 'completed') {
      counts.approved = 1;
      detail.marks = packMark({ o, k: 'approved' });
    }
    if (before.status === 'review' && (after.status === 'in_progress' || after.status === 'todo')) {
      counts.rejected = 1;
      detail.marks = packMark({ o, k: 'rejected' });
    }
    if (after.status === 'cancelled') counts.cancelled = 1;
    if (before.status === 'cancelled') counts.cancelled = -1;
    const { completed, reopened, cancelled } = counts;
    const sprintCounts: Counts = Object.fromEntries(Object.entries({ completed, reopened, cancelled }).filter(([, v]) => v !== undefined));
    await this.add(counts, { at, detail, sprint: after.sprint, sprintCounts });
  }

  private async add(
    counts: Counts,
    also: { at?: Date; detail?: DetailPushes; agent?: PrincipalRef; agentCounts?: Counts; sprint?: string; sprintCounts?: Counts } = {},
  ): Promise<void> {
    const day = dayOf(also.at ?? this.clock.now());
    // Only agents get documents of their own: people are compared as a whole, on the hub's.
    const agent = also.agent?.kind === 'agent' ? also.agent.name : null;
    const listed = { ...(agent ? { actors: agent } : {}), ...(also.sprint ? { sprints: also.sprint } : {}) };
    const writes = [this.upsert(day, 'hub', null, counts, {}, listed)];
    if (agent) writes.push(this.upsert(day, 'actor', agent, also.agentCounts ?? {}, {}, {}));
    if (also.sprint && Object.keys(also.sprintCounts ?? {}).length) writes.push(this.upsert(day, 'sprint', also.sprint, also.sprintCounts!, {}, {}));
    const detail = Object.fromEntries(Object.entries(also.detail ?? {}).filter(([, v]) => v !== undefined));
    if (Object.keys(detail).length) writes.push(this.upsert(day, 'detail', null, {}, detail, {}));
    await Promise.all(writes);
  }

  private upsert(day: string, scope: DailyScope, name: string | null, counts: Counts, push: DetailPushes, listed: { actors?: string; sprints?: string }): Promise<void> {
    const update: RollUpUpdate = { $set: { day, scope, name, ...(scope === 'actor' ? { kind: 'agent' } : {}) } };
    if (Object.keys(counts).length) update.$inc = counts as Record<string, number>;
    if (Object.keys(push).length) update.$push = push as Record<string, string>;
    if (Object.keys(listed).length) update.$addToSet = listed as Record<string, string>;
    return this.writes.add(dailyId(day, scope, name), update);
  }

  /**
   * The hub's documents of `days` and their sprints' documents, and the detail and agents'
   * documents of the `window` days (those the hub's documents list), read by `_id` only: the
   * lookup every backend serves from an index, a few hundred ids to one `$in` query (one round
   * trip, an index scan per id on PostgreSQL).
   */
  async read(days: readonly string[], window: ReadonlySet<string>): Promise<DayDocuments> {
    // What this hub counted up to now is in the documents before they are read.
    await this.writes.settled();
    const byIds = async (ids: string[]) => {
      const batches: Promise<DailyStatDoc[]>[] = [];
      for (let i = 0; i < ids.length; i += ID_BATCH) batches.push(this.models.dailyStats.find({ _id: { $in: ids.slice(i, i + ID_BATCH) } }).lean<DailyStatDoc[]>().exec());
      return (await Promise.all(batches)).flat();
    };
    const windowDays = days.filter((d) => window.has(d));
    const [hub, details] = await Promise.all([byIds(days.map((d) => dailyId(d, 'hub'))), byIds(windowDays.map((d) => dailyId(d, 'detail')))]);
    const [agents, sprints] = await Promise.all([
      byIds(hub.filter((h) => window.has(h.day)).flatMap((h) => (h.actors ?? []).map((a) => dailyId(h.day, 'actor', a)))),
      byIds(hub.flatMap((h) => (h.sprints ?? []).map((s) => dailyId(h.day, 'sprint', s)))),
    ]);
    await this.seal(details);
    return { hub, sprints, details, agents };
  }

  /**
   * Folds the records of days that are over into one string each. The update holds only if the
   * document is still as read (same sealed text, same number of records of each kind), so a
   * record pushed meanwhile is never lost: it stays in its array for the next report to fold.
   */
  private async seal(details: DailyStatDoc[]): Promise<void> {
    const today = dayOf(this.clock.now());
    const kinds = ['done', 'marks', 'stays'] as const;
    const open = details.filter((d) => d.day < today && kinds.some((k) => d[k] !== undefined));
    await Promise.all(
      open.map(async (d) => {
        const unchanged = Object.fromEntries(kinds.map((k) => [k, d[k] === undefined ? { $exists: false } : { $size: d[k]!.length }]));
        const sealed = sealRecords(recordsOf(d));
        await this.models.dailyStats.updateOne({ _id: d._id, sealed: d.sealed ?? { $exists: false }, ...unchanged }, { $set: { sealed }, $unset: { done: 1, marks: 1, stays: 1 } });
      }),
    );
  }
}
