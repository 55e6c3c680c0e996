import { log } from '../../logger.js';

/** A database process as its keeper sees it. */
export interface Running {
  port: number;
  exit: Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

/** Waits between restart attempts, in ms: quick at first, then no more than every 30 s. */
export const RESTART_BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000];

/**
 * Keeps one embedded database process running: when it exits without being asked to, it is
 * started again on the same port (so connections find it where they left it), with growing
 * waits between failed attempts, each logged. Meanwhile `down` says why the database is
 * unavailable, for /healthz and for the errors requests get.
 */
export class KeptProcess {
  private current: Running;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Why it is not running now, in a sentence; null while it runs. */
  down: string | null = null;

  constructor(
    private readonly name: string,
    first: Running,
    private readonly start: (port: number) => Promise<Running>,
  ) {
    this.current = first;
    this.watch(first);
  }

  private watch(running: Running): void {
    void running.exit.then(() => {
      if (!this.stopped && this.current === running) void this.restart(running.port);
    });
  }

  private async restart(port: number): Promise<void> {
    log.error({ event: 'embedded_db_exited', process: this.name, port }, `the embedded ${this.name} exited unexpectedly; restarting it`);
    for (let attempt = 0; !this.stopped; attempt++) {
      const wait = RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length - 1)]!;
      this.down = `The embedded ${this.name} stopped unexpectedly and is being restarted (attempt ${attempt + 1}).`;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, wait).unref();
      });
      if (this.stopped) return;
      try {
        const running = await this.start(port);
        if (this.stopped) return void (await running.stop(1000));
        this.current = running;
        this.down = null;
        log.warn({ event: 'embedded_db_restarted', process: this.name, port, attempt: attempt + 1 }, `the embedded ${this.name} is running again`);
        this.watch(running);
        return;
      } catch (err) {
        log.error({ event: 'embedded_db_restart_failed', process: this.name, port, attempt: attempt + 1 }, (err as Error).message);
      }
    }
  }

  /** Stops it for good (no restart), waiting at most `graceMs` before killing it. */
  async stop(graceMs?: number): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.current.stop(graceMs);
  }
}
