import type { Clock } from '../../server/services/clock.js';

/** A clock a test moves by hand: `advance` tells every listener (schedulers, expiry sweeps). */
export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<(now: Date) => void>();

  constructor(start: Date | string = '2026-12-01T09:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  onAdvance(listener: (now: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves time forward by `ms` and wakes the listeners. */
  advance(ms: number): Date {
    return this.set(new Date(this.current + ms));
  }

  set(to: Date | string): Date {
    this.current = new Date(to).getTime();
    const now = this.now();
    for (const l of this.listeners) l(now);
    return now;
  }
}
