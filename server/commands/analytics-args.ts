import { z } from 'zod';
import { MAX_WINDOW_DAYS } from '../services/analytics/service.js';
import { parseDuration } from './duration.js';

const DAY_MS = 86_400_000;

/**
 * `--since=30d` (back from now) or `--since=2026-11-01`: where the analytics window starts. Kept
 * as "how far back" or "from which day" so the handler reads now from the hub's clock.
 */
export const analyticsSince = () =>
  z.string({ error: 'give --since as a number of days, like 30d, or a day, like 2026-11-01' }).transform((s, ctx): { backMs: number } | { from: Date } => {
    const ms = parseDuration(s);
    if (ms !== null) {
      if (ms < DAY_MS || ms > MAX_WINDOW_DAYS * DAY_MS) {
        ctx.addIssue({ code: 'custom', message: `the window is between 1d and ${MAX_WINDOW_DAYS}d (12 weeks); "${s}" is not` });
        return z.NEVER;
      }
      return { backMs: ms };
    }
    const day = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00.000Z`) : null;
    if (!day || Number.isNaN(day.getTime())) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is neither a number of days (like 30d) nor a day (like 2026-11-01)` });
      return z.NEVER;
    }
    return { from: day };
  });

/** `30d` is the 30 days ending today; a day is from that day to today. */
export const windowOf = (since: { backMs: number } | { from: Date } | undefined): { from?: Date; days?: number } =>
  since === undefined ? {} : 'from' in since ? { from: since.from } : { days: Math.max(1, Math.round(since.backMs / DAY_MS)) };
