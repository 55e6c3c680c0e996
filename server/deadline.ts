import { HubError } from './errors.js';

/** How long a request may wait on the database before its answer is `unavailable` (DB_DEADLINE_MS). */
export const DEFAULT_DEADLINE_MS = 10_000;

/**
 * `work`, or an `unavailable` error once `ms` have passed: a stalled database must never leave a
 * caller in silence. The work itself goes on; a command sent with a client id can be resent to
 * learn how it ended (it runs once, see op-stamp.ts).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what = 'The database'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HubError(
            'unavailable',
            `${what} did not answer within ${Math.round(ms / 100) / 10} s; try again shortly (a command resent with the same client id runs once).`,
            undefined,
            { retryAfterMs: Math.min(ms, 5000) },
          ),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
