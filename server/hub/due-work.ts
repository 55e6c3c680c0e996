import { log } from '../logger.js';
import type { Clock } from '../services/clock.js';

export const DEFAULT_DUE_CHECK_MS = 15_000;

/** One kind of work that falls due with time (approvals expiring, scheduled commands). */
export type DueJob = { name: string; run(): Promise<unknown> };

/**
 * Runs the due jobs every `everyMs`, and at once whenever the injected clock is moved (so a test's
 * ManualClock fires due work without sleeping). Passes never overlap: a kick during a pass runs
 * one more pass after it. Every hub runs one; the jobs decide in the database who does what.
 */
export class DueWork {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly jobs: DueJob[],
    clock: Clock,
    private readonly everyMs: number,
  ) {
    this.unsubscribe = clock.onAdvance(() => this.kick());
  }

  start(): void {
    this.kick();
  }

  /** Runs a pass now (or right after the one under way). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.schedule();
    });
  }

  /** Resolves when no pass is running or queued: what tests wait on after moving the clock. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.idle();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.kick(), this.everyMs);
    // The hub's close stops it; a forgotten timer must not keep a process alive either.
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (const job of this.jobs) {
      if (this.stopped) return;
      try {
        await job.run();
      } catch (err) {
        log.error({ event: 'job_failed', job: job.name }, (err as Error).message);
      }
    }
  }
}
