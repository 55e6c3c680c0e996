import { OPEN_SPRINT_STATUSES, isOpenTask, type AnalyticsData, type TimeFigures } from '../../../protocol/index.js';
import type { Completion } from '../../db/models/daily-stat.js';
import type { Models } from '../../db/models/index.js';
import type { SprintDoc } from '../../db/models/sprint.js';
import type { TaskDoc } from '../../db/models/task.js';
import { HubError } from '../../errors.js';
import type { Clock } from '../clock.js';
import { agentPerformance } from './agents.js';
import { DEFAULT_WIP_LIMIT, findBottlenecks } from './bottlenecks.js';
import type { DailyStats } from './daily-stats.js';
import { DAY_MS, dayOf, daysEnding, weekOf } from './days.js';
import { forecastCompletion } from './forecast.js';
import { distribution, percentiles } from './percentiles.js';
import { RollUps } from './roll-ups.js';
import { readReportTasks } from './task-reads.js';
import { usageFigures } from './usage.js';
import { burnUp, dailyCompletions, sprintVelocity, weeklyVelocity } from './velocity.js';

export const VELOCITY_WEEKS = 12;
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest window a report covers: its day documents are what it reads. */
export const MAX_WINDOW_DAYS = VELOCITY_WEEKS * 7;
const FORECAST_SAMPLE_DAYS = 14;
const AGENTS = 500;
const OPEN_SPRINTS = 100;

export interface AnalyticsQuery {
  sprint?: string;
  /** The window: from this day to today, or this many days ending today (30 when neither). */
  from?: Date;
  days?: number;
  wipLimit?: number;
}

/**
 * The figures of /analytics and GET /api/analytics, computed from the daily roll-ups of at most
 * 12 weeks, the tasks of one sprint (or those waiting in a status) and the agent list: never
 * from the whole history, so its cost does not grow with it.
 */
export class AnalyticsService {
  constructor(
    private readonly models: Models,
    private readonly daily: DailyStats,
    private readonly clock: Clock,
  ) {}

  async report(query: AnalyticsQuery = {}): Promise<AnalyticsData> {
    const now = this.clock.now();
    const fromDays = query.from ? Math.floor((new Date(dayOf(now)).getTime() - new Date(dayOf(query.from)).getTime()) / DAY_MS) + 1 : null;
    const windowDays = Math.min(MAX_WINDOW_DAYS, Math.max(1, fromDays ?? query.days ?? DEFAULT_WINDOW_DAYS));
    const window = daysEnding(now, windowDays);
    // Velocity weeks start on a Monday: read back to the Monday of the 12th week.
    const firstMonday = weekOf(daysEnding(now, MAX_WINDOW_DAYS)[0]!);
    const read = daysEnding(now, Math.round((new Date(dayOf(now)).getTime() - new Date(firstMonday).getTime()) / DAY_MS) + 1);
    const weeks = [...new Set(read.map(weekOf))].slice(-VELOCITY_WEEKS);
    const readWeeks = read.filter((d) => weeks.includes(weekOf(d)));

    const [open, chosen] = await Promise.all([this.openSprints(), query.sprint ? this.sprint(query.sprint) : null]);
    const sprint = chosen ?? latestActive(open);
    const sprintReviewers = new Map([...open, ...(sprint ? [sprint] : [])].map((s) => [s.code, s.reviewers ?? []]));
    const [docs, { sprint: sprintTasks, waiting }, agentDocs] = await Promise.all([
      this.daily.read(readWeeks, new Set(window)),
      readReportTasks(this.models, sprint?.code ?? null, Boolean(query.sprint)),
      this.models.principals.find({ kind: 'agent' }, { name: 1 }).limit(AGENTS).lean(),
    ]);
    const rollUps = new RollUps(docs);
    const agents = agentDocs.map((a) => a.name).sort();
    const completions = rollUps.completions(window);

    const sprintDays = sprint ? readWeeks.filter((d) => d >= dayOf(sprint.createdAt)) : [];
    const sampleDays = sprintDays.slice(-FORECAST_SAMPLE_DAYS);
    const done = sprintTasks.filter((t) => t.status === 'completed');
    const times = (of: (c: Completion) => number | null, ofTask: (t: TaskDoc) => number | null): TimeFigures => {
      const known = (xs: (number | null)[]) => xs.filter((v): v is number => v !== null);
      const values = known(completions.map(of));
      const byOwner = new Map<string, number[]>();
      for (const c of completions) {
        const v = of(c);
        if (v !== null) (byOwner.get(c.o) ?? byOwner.set(c.o, []).get(c.o)!).push(v);
      }
      return {
        overall: percentiles(values),
        distribution: distribution(values),
        sprint: sprint ? percentiles(known(done.map(ofTask))) : null,
        byAssignee: [...byOwner.keys()].sort().map((name) => ({ name, figures: percentiles(byOwner.get(name)!) })),
      };
    };
    const at = (d: Date | null) => (d ? new Date(d).getTime() : null);

    return {
      generatedAt: now.toISOString(),
      window: { since: `${window[0]}T00:00:00.000Z`, until: now.toISOString(), days: window.length },
      sprint: sprint ? { code: sprint.code, title: sprint.title, status: sprint.status, endsAt: sprint.endsAt ? new Date(sprint.endsAt).toISOString() : null } : null,
      velocity: { weeks: weeklyVelocity(rollUps, readWeeks, VELOCITY_WEEKS), sprints: sprintVelocity(rollUps, readWeeks, sprint ? { code: sprint.code, tasks: sprintTasks } : null, VELOCITY_WEEKS) },
      burn: sprint ? burnUp(rollUps, sprint.code, sprintTasks, sprintDays) : [],
      forecast: sprint
        ? forecastCompletion({
            sprint: sprint.code,
            remaining: sprintTasks.filter((t) => isOpenTask(t.status)).length,
            dailyCompleted: dailyCompletions(rollUps, sprint.code, sampleDays),
            today: now,
            endsAt: sprint.endsAt ?? null,
          })
        : null,
      cycleTime: times((c) => c.c, (t) => (t.startedAt && t.completedAt ? at(t.completedAt)! - at(t.startedAt)! : null)),
      leadTime: times((c) => c.l, (t) => (t.completedAt ? at(t.completedAt)! - at(t.createdAt)! : null)),
      agents: agentPerformance(agents, { completions, marks: rollUps.marks(window), agentDays: rollUps.agents }),
      bottlenecks: findBottlenecks({
        tasks: waiting ?? sprintTasks,
        stays: rollUps.stays(window),
        now,
        wipLimit: query.wipLimit ?? DEFAULT_WIP_LIMIT,
        sprintReviewers,
      }),
      usage: usageFigures(rollUps, window, weeks),
    };
  }

  private async sprint(code: string): Promise<SprintDoc> {
    const sprint = await this.models.sprints.findOne({ code: code.toUpperCase() }).lean<SprintDoc>();
    if (!sprint) throw new HubError('not_found', `There is no sprint ${code.toUpperCase()}; /sprints lists them.`);
    return sprint;
  }

  /** Active and planned sprints (equality on the status, each bounded): the newest active one is the default, and their reviewers name review queues. */
  private async openSprints(): Promise<SprintDoc[]> {
    return (await Promise.all(OPEN_SPRINT_STATUSES.map((status) => this.models.sprints.find({ status }).limit(OPEN_SPRINTS).lean<SprintDoc[]>()))).flat();
  }
}

/** Without --sprint, the burn-up and forecast are of the newest active sprint. */
const latestActive = (open: readonly SprintDoc[]): SprintDoc | null =>
  open.filter((s) => s.status === 'active').sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())[0] ?? null;
