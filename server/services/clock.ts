/**
 * Where services read the time. The hub uses the system clock; tests pass a clock they move
 * themselves, so anything that depends on time (expiry, schedules, analytics windows) is tested
 * without sleeping. Timers that fire "at" a time subscribe with `onAdvance` so a moved clock
 * wakes them at once.
 */
export interface Clock {
  now(): Date;
  /** Called when a manual clock is moved; the system clock never calls it. Returns an unsubscribe. */
  onAdvance(listener: (now: Date) => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  onAdvance: () => () => undefined,
};
