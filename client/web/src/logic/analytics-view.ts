import { humanDuration, percentText, type AnalyticsData, type DurationBucket, type UsageDay } from '../../../../protocol/index.js';

/** Seconds since 1970 of a `YYYY-MM-DD` day: uPlot's time axis. */
export const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** "2d 4h", "3h 20m", "45m"; a dash where there is no figure. */
export const duration = (ms: number | null) => humanDuration(ms, '–');

export const percent = (r: number | null) => percentText(r, '–');

export const velocityTotal = (d: AnalyticsData) => d.velocity.weeks.reduce((n, w) => n + w.completed, 0);

export const distributionRows = (buckets: DurationBucket[]) => buckets.map((b) => [b.label, b.count]);

export const usageTotals = (days: UsageDay[]) => ({
  commandsHuman: days.reduce((n, d) => n + d.commandsHuman, 0),
  commandsAgent: days.reduce((n, d) => n + d.commandsAgent, 0),
  messages: days.reduce((n, d) => n + d.messagesHuman + d.messagesAgent, 0),
  reads: days.reduce((n, d) => n + d.artifactReads, 0),
  views: days.reduce((n, d) => n + d.dashboardViews, 0),
});
