import { Cron } from 'croner';
import { HubError } from '../../errors.js';

/** How a schedule repeats: a cron pattern in a time zone, or a fixed interval from an anchor. */
export type Recurrence = { cron: string; tz: string } | { everyMs: number; anchor: Date };

/** Occurrences counted at most when catching up after downtime; past that, "many". */
const MAX_COUNTED = 10_000;

/** A cron pattern and zone croner accepts, or a refusal a person can act on. */
export function assertRecurrence(r: Recurrence, now: Date): void {
  if (!('cron' in r)) return;
  let cron: Cron;
  try {
    cron = new Cron(r.cron, { timezone: r.tz, paused: true });
  } catch (err) {
    throw new HubError('invalid_args', `"${r.cron}" is not a cron pattern: ${(err as Error).message.replace(/^CronPattern: /, '')} Like "0 9 * * 1-5" (09:00 on weekdays).`);
  }
  try {
    cron.nextRun(now);
  } catch {
    throw new HubError('invalid_args', `"${r.tz}" is not a time zone: use an IANA name like Europe/Berlin or UTC.`);
  }
}

/** The first occurrence strictly after `after`, or null when the pattern never fires again. */
export function nextAfter(r: Recurrence, after: Date): Date | null {
  if ('cron' in r) return new Cron(r.cron, { timezone: r.tz, paused: true }).nextRun(after) ?? null;
  const elapsed = after.getTime() - r.anchor.getTime();
  const k = Math.max(0, Math.floor(elapsed / r.everyMs)) + 1;
  return new Date(r.anchor.getTime() + k * r.everyMs);
}

/** From a due occurrence `first` up to `now`: the latest occurrence not after now, and how many there were. */
export function dueSince(r: Recurrence, first: Date, now: Date): { latest: Date; count: number } {
  let latest = first;
  let count = 1;
  for (let next = nextAfter(r, first); next && next.getTime() <= now.getTime() && count < MAX_COUNTED; next = nextAfter(r, next)) {
    latest = next;
    count++;
  }
  return { latest, count };
}
