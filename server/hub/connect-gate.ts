/**
 * How many new sockets the hub sets up at once (authentication, presence, session, queued
 * parcels: about ten database round trips each). The database pool has 20 connections, so more
 * only wait inside the driver, each holding its queries, promises and documents for as long as
 * the whole crowd takes. Held that long, that garbage outlives the young generation and dies in
 * the old one, between the sockets that stay: after a burst of 10,000 connections the heap kept
 * about 9 KiB of holes per socket, close to the socket's own size. Waiting here costs a closure.
 */
export const CONNECT_CONCURRENCY = 32;

/** Runs at most `limit` tasks at a time; the others wait their turn, first come first served. */
export class ConnectGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit = CONNECT_CONCURRENCY) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `active` stays counted for it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Sockets waiting for their turn (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }
}
