import { parseRoom, type ParsedRoom, type Schedule, type PrincipalWithRole } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { ScheduleDoc } from '../../db/models/schedule.js';
import { HubError } from '../../errors.js';
import type { AccessService } from '../access.js';
import type { Acting } from '../acting.js';
import type { ActivityService } from '../activity.js';
import type { Clock } from '../clock.js';
import { isDuplicateKey } from '../mongo-errors.js';
import { assertRecurrence, dueSince, nextAfter, type Recurrence } from './occurrences.js';

/** A schedule as stored: what the hub's scheduler runs. */
export type StoredSchedule = ScheduleDoc;
import { redactSecrets } from '../redaction.js';
import { shortId } from './short-id.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Schedules one hub runs in one pass; the rest wait for the next pass. */
const DUE_BATCH = 50;

/** Listed and shown without secrets; the stored line is what runs. */
export function scheduleToWire(s: ScheduleDoc): Schedule {
  return {
    id: s._id,
    cron: s.cron,
    everyMs: s.everyMs,
    tz: s.tz,
    room: s.room,
    line: redactSecrets(s.line).text,
    createdBy: s.createdBy,
    active: s.active,
    nextAt: iso(s.nextAt),
    lastRunAt: iso(s.lastRunAt),
    createdAt: s.createdAt.toISOString(),
  };
}

export const recurrenceOf = (s: Pick<ScheduleDoc, 'cron' | 'tz' | 'everyMs' | 'anchorAt'>): Recurrence =>
  s.cron ? { cron: s.cron, tz: s.tz } : { everyMs: s.everyMs!, anchor: s.anchorAt };

type Caller = Acting & { principal: PrincipalWithRole };

/** A claimed occurrence: this hub runs it; `missed` occurrences before it were never run. */
export interface ClaimedRun {
  runId: string;
  occurrence: Date;
  missed: number;
}

/**
 * Scheduled command lines. Each occurrence is claimed before it runs by inserting a run under a
 * derived id (`<schedule>@<occurrence>`), so with several hubs exactly one runs it. Occurrences
 * that fell due while no hub ran are caught up by one run at the next pass, which says so.
 */
export class ScheduleService {
  constructor(
    private readonly models: Models,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
  ) {}

  async create(by: Caller, input: { cron?: string; everyMs?: number; tz?: string; room: string; line: string }): Promise<Schedule> {
    const room = parseRoom(input.room);
    if (!room) throw new HubError('invalid_args', `"${input.room}" is not a room: use lobby, sprint:<CODE>, task:<CODE> or agent:<name>.`);
    await this.access.assertRoom(by.principal, room);
    await this.assertRoomExists(room);
    const now = this.clock.now();
    const tz = input.tz ?? 'UTC';
    const recurrence: Recurrence = input.cron ? { cron: input.cron, tz } : { everyMs: input.everyMs!, anchor: now };
    assertRecurrence(recurrence, now);
    const principal = await this.models.principals.findOne({ name: by.principal.name }, { _id: 1 }).lean();
    if (!principal) throw new HubError('forbidden', 'Only a known principal may schedule commands.');
    const nextAt = nextAfter(recurrence, now);
    if (!nextAt) throw new HubError('invalid_args', `"${input.cron}" never fires again.`);
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = (
          await this.models.schedules.create({
            _id: shortId('SCH'),
            cron: input.cron ?? null,
            everyMs: input.cron ? null : input.everyMs,
            tz,
            room: room.name,
            line: input.line,
            createdBy: by.principal.name,
            createdById: principal._id,
            active: true,
            anchorAt: now,
            nextAt,
          })
        ).toObject() as ScheduleDoc;
        const schedule = scheduleToWire(doc);
        await this.activity.record(by, 'schedule.created', `scheduled ${schedule.line} in ${schedule.room} (${schedule.id})`);
        return schedule;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }

  async list(filter: { createdBy?: string; limit?: number }): Promise<Schedule[]> {
    const docs = await this.models.schedules
      .find(filter.createdBy ? { createdBy: filter.createdBy } : {})
      .sort({ createdAt: -1 })
      .limit(filter.limit ?? 100)
      .lean();
    return docs.map(scheduleToWire);
  }

  /** Pauses, or resumes from now on (occurrences while paused are not caught up). */
  async setActive(by: Caller, id: string, active: boolean): Promise<Schedule> {
    const doc = await this.mine(by, id);
    const nextAt = active ? nextAfter(recurrenceOf(doc), this.clock.now()) : doc.nextAt;
    const after = (await this.models.schedules.findOneAndUpdate({ _id: doc._id }, { $set: { active, nextAt } }, { new: true, lean: true }))!;
    await this.activity.record(by, active ? 'schedule.resumed' : 'schedule.paused', `${active ? 'resumed' : 'paused'} ${doc._id} (${doc.line})`);
    return scheduleToWire(after);
  }

  async remove(by: Caller, id: string): Promise<Schedule> {
    const doc = await this.mine(by, id);
    await this.models.schedules.deleteOne({ _id: doc._id });
    await this.activity.record(by, 'schedule.deleted', `deleted ${doc._id} (${doc.line})`);
    return scheduleToWire(doc);
  }

  /** Active schedules whose next occurrence is not after now. */
  async due(): Promise<ScheduleDoc[]> {
    return this.models.schedules.find({ active: true, nextAt: { $lte: this.clock.now() } }).sort({ nextAt: 1 }).limit(DUE_BATCH).lean();
  }

  /**
   * Claims the latest due occurrence of `s` for this hub and moves the schedule on to its next
   * occurrence. Null when another hub claimed it first.
   */
  async claim(s: ScheduleDoc): Promise<ClaimedRun | null> {
    const now = this.clock.now();
    const recurrence = recurrenceOf(s);
    const { latest, count } = dueSince(recurrence, s.nextAt!, now);
    const runId = `${s._id}@${latest.toISOString()}`;
    // Moved on first: whoever wins the occurrence, no hub finds it due again.
    await this.models.schedules.updateOne({ _id: s._id, nextAt: s.nextAt }, { $set: { nextAt: nextAfter(recurrence, now) } });
    try {
      await this.models.scheduleRuns.create({ _id: runId, schedule: s._id, occurrence: latest, missed: count - 1 });
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    await this.models.schedules.updateOne({ _id: s._id }, { $set: { lastRunAt: now } });
    return { runId, occurrence: latest, missed: count - 1 };
  }

  async finish(run: ClaimedRun, ok: boolean, text: string): Promise<void> {
    await this.models.scheduleRuns.updateOne({ _id: run.runId }, { $set: { ok, text: text.slice(0, 2000) } });
  }

  /** The hub stopped running a schedule (its creator lost the right): paused, with the reason in the activity log. */
  async pauseForCause(by: Acting, s: ScheduleDoc, why: string): Promise<void> {
    await this.models.schedules.updateOne({ _id: s._id }, { $set: { active: false } });
    await this.activity.record(by, 'schedule.paused', `paused ${s._id} (${s.line}): ${why}`);
  }

  /** Its creator, or an admin. */
  private async mine(by: Caller, id: string): Promise<ScheduleDoc> {
    const doc = await this.models.schedules.findById(id.toUpperCase()).lean();
    if (!doc) throw new HubError('not_found', `There is no schedule ${id.toUpperCase()}; /schedules lists them.`);
    if (doc.createdBy !== by.principal.name && by.principal.role !== 'admin') throw new HubError('forbidden', `${doc._id} is @${doc.createdBy}'s; only they or an admin may change it.`);
    return doc;
  }

  private async assertRoomExists(room: ParsedRoom): Promise<void> {
    if (room.kind === 'task' && !(await this.models.tasks.exists({ code: room.id }))) throw new HubError('not_found', `There is no task ${room.id}.`);
    if (room.kind === 'sprint' && !(await this.models.sprints.exists({ code: room.id }))) throw new HubError('not_found', `There is no sprint ${room.id}.`);
  }
}
