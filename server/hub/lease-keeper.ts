import { DEFAULT_LEASE_MS } from '../services/claims.js';
import type { Services } from '../services/index.js';
import type { Posting } from '../services/acting.js';
import type { ChatService } from '../chat/chat-service.js';
import { SYSTEM } from './system-principal.js';
import { log } from '../logger.js';

export const DEFAULT_LEASE_CHECK_MS = 5000;

/**
 * Looks at every claimed task every `everyMs`: a holder that is online (it has a live socket,
 * which heartbeats, on some hub) keeps its lease, renewed once half of it is gone; a holder that
 * is offline loses the task once its lease has run out. Passes never overlap; every hub runs one,
 * and the conditional writes of the claim service make two keepers harmless.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly services: Services,
    private readonly by: Posting,
    private readonly everyMs: number,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.check()
        .catch((err) => log.error({ event: 'lease_keeper_failed' }, (err as Error).message))
        .then(() => this.start());
    }, this.everyMs);
    // The hub's close stops it; a forgotten keeper must not keep a process alive either.
    this.timer.unref();
  }

  /** Waits for a pass under way, so nothing is written after the hub closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over the claimed tasks. */
  async check(): Promise<void> {
    const { claims, presence } = this.services;
    const held = await claims.held();
    if (!held.length) return;
    const online = await presence.onlineAmong([...new Set(held.map((t) => t.claimedBy))]);
    for (const t of held) {
      if (this.stopped) return;
      const holder = t.claimedBy;
      const left = (t.leaseUntil?.getTime() ?? 0) - Date.now();
      try {
        if (online.has(holder)) {
          if (left < (t.leaseMs ?? DEFAULT_LEASE_MS) / 2) await claims.renew(holder, [t.code]);
        } else if (left <= 0) {
          await claims.lapse(this.by, t.code, holder);
        }
      } catch (err) {
        log.error({ event: 'lease_keeper_failed', task: t.code }, (err as Error).message);
      }
    }
  }
}

/** Starts the keeper, acting as the hub: its events go out at once, its notices are stored at once. */
export function startLeaseKeeper(services: Services, chat: ChatService, everyMs = DEFAULT_LEASE_CHECK_MS): LeaseKeeper {
  const by: Posting = { principal: SYSTEM, emit: chat.emitNow, post: (room, text, meta) => chat.postSystem(room, text, meta) };
  const keeper = new LeaseKeeper(services, by, everyMs);
  keeper.start();
  return keeper;
}
