import { Types } from 'mongoose';
import { TASK_STATUSES, type TaskStatus } from '../../protocol/index.js';
import type { Database } from '../../server/db/connect.js';
import type { DailyStatDoc } from '../../server/db/models/daily-stat.js';
import { DAY_MS, dayOf, startOfDay } from '../../server/services/analytics/days.js';
import { dailyId } from '../../server/services/analytics/daily-stats.js';
import { packCompletion, packStay } from '../../server/services/analytics/records.js';
import { seededRandom } from '../../server/services/analytics/random.js';

export const ANALYTICS_TASKS = 10_000;
export const ANALYTICS_ACTIVITIES = 100_000;
const SPRINTS = 20;
const PEOPLE = 12;
const AGENTS = 8;
const DAYS = 84;
const BATCH = 5_000;
/** Bulk writes of this size take minutes on the embedded FerretDB: the bench's time bound allows for them. */
export const ANALYTICS_SEED_BUDGET_MS = 15 * 60_000;
export const ANALYTICS_SPRINT = (i: number) => `AN-${i + 1}`;

/**
 * Twelve weeks of history written straight through the models in bulk (as an import would):
 * 20 sprints of 500 tasks, 100,000 activity lines, and the day documents the hub would have kept
 * while it happened, ending yesterday. The newest sprint is active, so /analytics forecasts it.
 * Seeded: the same history on every run.
 */
export async function seedAnalyticsHistory(db: Database, progress: (what: string) => void): Promise<{ dayDocs: number }> {
  // Up to the end of yesterday: today's day documents already hold the bench's own set-up.
  const now = new Date(startOfDay(dayOf(new Date())).getTime() - 1);
  const random = seededRandom(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const names = [...Array.from({ length: PEOPLE }, (_, i) => `analyst-${i}`), ...Array.from({ length: AGENTS }, (_, i) => `an-agent-${i}`)];
  const agents = names.filter((n) => n.startsWith('an-agent'));
  const start = now.getTime() - DAYS * DAY_MS;
  const m = db.models;

  await m.principals.insertMany(
    agents.map((name) => ({ name, kind: 'agent', role: 'agent', online: false })),
    { ordered: false },
  ).catch(() => undefined);
  await m.sprints.insertMany(
    Array.from({ length: SPRINTS }, (_, i) => ({
      code: ANALYTICS_SPRINT(i),
      title: `Analytics sprint ${i + 1}`,
      status: i === SPRINTS - 1 ? 'active' : 'completed',
      createdBy: 'admin',
      createdAt: new Date(start + (i * DAYS * DAY_MS) / SPRINTS),
      endsAt: new Date(start + ((i + 1) * DAYS * DAY_MS) / SPRINTS),
    })),
  );

  const days = new Map<string, DailyStatDoc>();
  const day = (at: number, scope: DailyStatDoc['scope'], name: string | null) => {
    const d = dayOf(new Date(at));
    const id = dailyId(d, scope, name);
    let doc = days.get(id);
    if (!doc) {
      days.set(id, (doc = { _id: id, day: d, scope, name, kind: scope === 'actor' ? (agents.includes(name!) ? 'agent' : 'person') : null }));
      if (scope === 'actor') (day(at, 'hub', null).actors ??= []).push(name!);
    }
    return doc;
  };
  const bump = (doc: DailyStatDoc, k: 'created' | 'completed' | 'commands' | 'commandsHuman' | 'commandsAgent' | 'messages', by = 1) => void (doc[k] = (doc[k] ?? 0) + by);
  const push = (doc: DailyStatDoc, k: 'done' | 'stays', record: string) => void (doc[k] ??= []).push(record);

  const tasks: Record<string, unknown>[] = [];
  for (let i = 0; i < ANALYTICS_TASKS; i++) {
    const sprint = Math.floor(i / (ANALYTICS_TASKS / SPRINTS));
    const created = start + (sprint * DAYS * DAY_MS) / SPRINTS + random() * 2 * DAY_MS;
    const last = sprint === SPRINTS - 1;
    const status: TaskStatus = last ? pick(['todo', 'in_progress', 'blocked', 'review', 'completed'] as const) : random() < 0.92 ? 'completed' : pick(TASK_STATUSES);
    const started = created + random() * 2 * DAY_MS;
    const completed = Math.min(now.getTime() - 1000, started + random() * 5 * DAY_MS);
    const assignee = pick(names);
    tasks.push({
      code: `AN-T-${i}`,
      title: `Analytics task ${i}`,
      sprint: ANALYTICS_SPRINT(sprint),
      status,
      assignee,
      createdBy: 'admin',
      createdAt: new Date(created),
      startedAt: status === 'todo' ? null : new Date(started),
      completedAt: status === 'completed' ? new Date(completed) : null,
      statusSince: new Date(status === 'completed' ? completed : status === 'todo' ? created : started),
      timeIn: {},
    });
    const code = ANALYTICS_SPRINT(sprint);
    const listSprint = (doc: DailyStatDoc) => void ((doc.sprints ??= []).includes(code) || doc.sprints.push(code));
    const createdDay = day(created, 'hub', null);
    bump(createdDay, 'created');
    bump(day(created, 'sprint', code), 'created');
    listSprint(createdDay);
    if (status === 'completed') {
      const doneDay = day(completed, 'hub', null);
      bump(doneDay, 'completed');
      bump(day(completed, 'sprint', code), 'completed');
      const detail = day(completed, 'detail', null);
      push(detail, 'done', packCompletion({ o: assignee, c: Math.round(completed - started), l: Math.round(completed - created) }));
      push(detail, 'stays', packStay({ status: 'in_progress', ms: Math.round(completed - started) }));
      listSprint(doneDay);
    }
  }
  for (let i = 0; i < tasks.length; i += BATCH) {
    await m.tasks.insertMany(tasks.slice(i, i + BATCH), { lean: true });
    progress(`tasks ${Math.min(i + BATCH, tasks.length)}/${tasks.length}`);
  }

  for (let i = 0; i < ANALYTICS_ACTIVITIES; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ANALYTICS_ACTIVITIES - i) }, (_, j) => {
      const t = tasks[Math.floor(random() * tasks.length)]!;
      const at = start + random() * DAYS * DAY_MS;
      const who = pick(names);
      if (agents.includes(who)) bump(day(at, 'actor', who), 'commands');
      bump(day(at, 'hub', null), 'commands');
      bump(day(at, 'hub', null), agents.includes(who) ? 'commandsAgent' : 'commandsHuman');
      return {
        _id: new Types.ObjectId(),
        type: 'task.status',
        actor: { id: `bench-${who}`, name: who, kind: agents.includes(who) ? 'agent' : 'person' },
        text: `moved ${String(t.code)} (${i + j})`,
        task: t.code,
        sprint: t.sprint,
        from: 'todo',
        to: 'in_progress',
        createdAt: new Date(at),
      };
    });
    await m.activities.insertMany(batch, { lean: true });
    progress(`activities ${i + batch.length}/${ANALYTICS_ACTIVITIES}`);
  }
  const docs = [...days.values()];
  for (let i = 0; i < docs.length; i += BATCH) await m.dailyStats.insertMany(docs.slice(i, i + BATCH), { lean: true });
  return { dayDocs: docs.length };
}
