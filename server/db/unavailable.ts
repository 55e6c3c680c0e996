import { HubError } from '../errors.js';

/**
 * An unexpected error met while the database is known to be down (its process is being
 * restarted) is that outage, not a fault of the request: `unavailable`, saying why and when to
 * try again. Refusals (HubError) and errors while the database is up pass through unchanged.
 */
export function unavailableWhileDown(err: unknown, downReason: string | null): unknown {
  if (err instanceof HubError || !downReason) return err;
  return new HubError('unavailable', `${downReason} Try again in a few seconds (a command resent with the same client id runs once).`, undefined, {
    retryAfterMs: 2000,
  });
}
