import type { AnalyticsData, DurationBucket, UsageDay } from '../../../../protocol/index.js';

/** Seconds since 1970 of a `YYYY-MM-DD` day: uPlot's time axis. */
export const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** "2d 4h", "3h 20m", "45m". */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return h % 24 ? `${Math.floor(h / 24)}d ${h % 24}h` : `${Math.floor(h / 24)}d`;
}

export const percent = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)}%`);

export const velocityTotal = (d: AnalyticsData) => d.velocity.weeks.reduce((n, w) => n + w.completed, 0);

export const distributionRows = (buckets: DurationBucket[]) => buckets.map((b) => [b.label, b.count]);

export const usageTotals = (days: UsageDay[]) => ({
  commandsHuman: days.reduce((n, d) => n + d.commandsHuman, 0),
  commandsAgent: days.reduce((n, d) => n + d.commandsAgent, 0),
  messages: days.reduce((n, d) => n + d.messagesHuman + d.messagesAgent, 0),
  reads: days.reduce((n, d) => n + d.artifactReads, 0),
  views: days.reduce((n, d) => n + d.dashboardViews, 0),
});
