/**
 * When a group commit flushes: at once when nothing is being written (after the current turn of
 * the event loop, so the callers of that turn go together), else as soon as the write in flight
 * ends, with everything gathered meanwhile. `flushOnce` writes one batch and settles its callers
 * itself (it never throws); it runs again while `hasWork` says something is waiting.
 */
export class GroupCommit {
  private running: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly flushOnce: () => Promise<void>,
    private readonly hasWork: () => boolean,
  ) {}

  /** Something was gathered: it will be written. */
  request(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.run());
  }

  /** Resolves once no write is in flight. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    this.running = (async () => {
      while (this.hasWork()) await this.flushOnce();
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
      // A request made after the loop's last look but before this point found it still running.
      if (this.hasWork()) this.request();
    }
  }
}
