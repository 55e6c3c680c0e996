import type { SprintStatus, TaskStatus } from './status.js';

/** Durations are milliseconds; days `YYYY-MM-DD` (UTC); weeks are named by their Monday. */

/** Nearest-rank percentiles of a set of durations; null when the set is empty. */
export interface Percentiles {
  count: number;
  p50: number | null;
  p85: number | null;
}

/** One bar of a duration distribution: `[fromMs, toMs)`, the last one open (toMs null). */
export interface DurationBucket {
  label: string;
  fromMs: number;
  toMs: number | null;
  count: number;
}

export interface TimeFigures {
  overall: Percentiles;
  distribution: DurationBucket[];
  /** The selected sprint's completed tasks; null without a sprint. */
  sprint: Percentiles | null;
  byAssignee: { name: string; figures: Percentiles }[];
}

export interface BurnDay {
  day: string;
  /** Tasks in the sprint at the end of the day, cancelled ones left out. */
  scope: number;
  done: number;
  remaining: number;
}

/**
 * A Monte Carlo forecast: `trials` futures drawn from the sprint's daily completions over the
 * last `sampleDays` days (a seeded generator: the same history gives the same dates).
 */
export interface Forecast {
  remaining: number;
  sampleDays: number;
  trials: number;
  seed: number;
  /** Days from today; null when the history completed nothing to draw from. */
  p50Days: number | null;
  p85Days: number | null;
  p50Date: string | null;
  p85Date: string | null;
  endsAt: string | null;
  /** The 85% date falls on or before the sprint's last day; null without an end or a forecast. */
  onTrack: boolean | null;
  note: string;
}

/** A task named by a bottleneck, with where to open it. */
export interface BottleneckTask {
  code: string;
  title: string;
  status: TaskStatus;
  assignee: string | null;
  /** Time in its current status so far. */
  inStatusMs: number;
  /** The p85 it is over (the `overThreshold` list only). */
  thresholdMs: number | null;
  link: string;
}

export interface Bottlenecks {
  /** The p85 time spent in each status, from the stays that ended in the window. */
  thresholds: { status: TaskStatus; p85Ms: number | null; stays: number }[];
  overThreshold: BottleneckTask[];
  longestBlocked: BottleneckTask[];
  /** Tasks waiting in review, by the person or agent they are assigned to (tasks have no reviewer field). */
  reviewQueues: { name: string; waiting: number; tasks: string[] }[];
  wipLimit: number;
  wipOverLimit: { name: string; wip: number; tasks: string[] }[];
}

export interface AgentPerformance {
  name: string;
  completed: number;
  medianCycleMs: number | null;
  /** Review outcomes of its tasks sent back, of all decided; null when none was decided. */
  rejectedRate: number | null;
  /** Completions reopened, of completions. */
  reopenedRate: number | null;
  initSuccessRate: number | null;
  messages: number;
  commands: number;
  /** Runs it asked for that succeeded, and that failed (failed, timed out or lost). */
  runsSucceeded: number;
  runsFailed: number;
}

/** One day of usage, quality and adoption metrics. */
export interface UsageDay {
  day: string;
  commandsHuman: number;
  commandsAgent: number;
  commandsFailed: number;
  messagesHuman: number;
  messagesAgent: number;
  artifactsCreated: number;
  artifactBytes: number;
  /** Documentation access: artifact downloads plus previews. */
  artifactReads: number;
  dashboardViews: number;
  activeAgents: number;
  tasksCompleted: number;
  avgLeadMs: number | null;
  initOk: number;
  initFailed: number;
  avgDeliveryMs: number | null;
}

export interface UsageFigures {
  days: UsageDay[];
  activeSprintsByWeek: { week: string; sprints: number }[];
  /** Completed of those finished (completed or cancelled) in the window. */
  taskSuccessRate: number | null;
  initSuccessRate: number | null;
  /** Bytes of the artifact versions created in the window. */
  artifactBytes: number;
  avgDeliveryMs: number | null;
}

/** `/analytics` (component `Analytics`) and `GET /api/analytics`: one shape. */
export interface AnalyticsData {
  generatedAt: string;
  window: { since: string; until: string; days: number };
  sprint: { code: string; title: string; status: SprintStatus; endsAt: string | null } | null;
  velocity: { weeks: { week: string; completed: number }[]; sprints: { code: string; completed: number; total: number }[] };
  burn: BurnDay[];
  forecast: Forecast | null;
  cycleTime: TimeFigures;
  leadTime: TimeFigures;
  agents: AgentPerformance[];
  bottlenecks: Bottlenecks;
  usage: UsageFigures;
}

/** "2d 4h", "3h 20m", "45m": a duration as people say it; `none` where there is no figure. */
export function humanDuration(ms: number | null, none = '-'): string {
  if (ms === null) return none;
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return h % 24 ? `${Math.floor(h / 24)}d ${h % 24}h` : `${Math.floor(h / 24)}d`;
}

/** "42%" of a rate from 0 to 1; `none` where there is no figure. */
export const percentText = (rate: number | null, none = '-'): string => (rate === null ? none : `${Math.round(rate * 100)}%`);
