import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { HubError } from '../errors.js';
import type { Hooks } from '../hooks.js';

/** At most `points` requests per `seconds`, counted in fixed windows. */
export interface RateLimit {
  points: number;
  seconds: number;
}

/** Each limit, or null for none. Read from the environment by config.ts (RATE_LIMIT_*). */
export interface RateLimitSettings {
  /** chat:send (messages and commands), per socket. */
  socketPerConnection: RateLimit | null;
  /** The same, summed over every socket of one principal (on every hub when Redis is shared). */
  socketPerPrincipal: RateLimit | null;
  /** Authenticated HTTP requests (commands, views, artifacts) per principal. */
  httpPerPrincipal: RateLimit | null;
  /** Requests to /mcp per principal (each tool call, read, stream). */
  mcpPerPrincipal: RateLimit | null;
}

/**
 * Defaults a person never meets: a fast typist sends a message every second or two, and the web
 * client makes a handful of requests per screen. A runaway bot meets them within a second.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  socketPerConnection: { points: 60, seconds: 5 },
  socketPerPrincipal: { points: 120, seconds: 5 },
  httpPerPrincipal: { points: 120, seconds: 5 },
  mcpPerPrincipal: { points: 120, seconds: 5 },
};

export const NO_RATE_LIMITS: RateLimitSettings = { socketPerConnection: null, socketPerPrincipal: null, httpPerPrincipal: null, mcpPerPrincipal: null };

/** A Redis client as node-redis v4+ makes it (the one the socket.io adapter uses). */
export type RedisStore = object;

export type Bucket = 'socket' | 'http' | 'mcp';

/**
 * Rate limits per principal and per connection (rate-limiter-flexible). Per-principal counts live
 * in Redis when the hubs share one, so a principal cannot spread a flood over hubs; a connection
 * lives on one hub, so its count stays in memory. If Redis fails, the memory limiter stands in.
 */
export class RateLimits {
  private readonly perPrincipal: Record<Bucket, RateLimiterAbstract | null>;
  private readonly perConnection: RateLimiterAbstract | null;

  constructor(
    readonly settings: RateLimitSettings,
    /** Told of every refusal, by interface (`rate:refused`, counted in /metrics). */
    private readonly hooks: Hooks,
    redis?: { client: RedisStore; prefix: string },
  ) {
    const make = (limit: RateLimit | null, name: string, shared: boolean): RateLimiterAbstract | null => {
      if (!limit) return null;
      const options = { points: limit.points, duration: limit.seconds, keyPrefix: `${redis?.prefix ?? 'switchboard'}:rl:${name}` };
      if (!shared || !redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({ ...options, storeClient: redis.client, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(options) });
    };
    this.perPrincipal = {
      socket: make(settings.socketPerPrincipal, 'socket', true),
      http: make(settings.httpPerPrincipal, 'http', true),
      mcp: make(settings.mcpPerPrincipal, 'mcp', true),
    };
    this.perConnection = make(settings.socketPerConnection, 'conn', false);
  }

  /** Counts one socket request; throws `rate_limited` with the wait when over a limit. */
  async socket(principalId: string, connectionId: string): Promise<void> {
    await this.take('socket', this.perConnection, connectionId, 'this connection');
    await this.take('socket', this.perPrincipal.socket, principalId, 'you');
  }

  /** Counts a new socket of a principal against its socket budget: a bot closed for flooding cannot simply reconnect. */
  async connect(principalId: string): Promise<void> {
    await this.take('socket', this.perPrincipal.socket, principalId, 'you');
  }

  /** Counts one HTTP (or MCP) request of a principal. */
  async request(bucket: 'http' | 'mcp', principalId: string): Promise<void> {
    await this.take(bucket, this.perPrincipal[bucket], principalId, 'you');
  }

  private async take(bucket: Bucket, limiter: RateLimiterAbstract | null, key: string, who: string): Promise<void> {
    try {
      await take(limiter, key, who);
    } catch (err) {
      if (err instanceof HubError && err.code === 'rate_limited') await this.hooks.emit('rate:refused', { bucket });
      throw err;
    }
  }
}

/** A connection that keeps sending until it has asked this many times its limit is closed (socket-server.ts). */
export const FLOOD_FACTOR = 3;

/** Whether `err` says the sender ignored its waits and keeps flooding. */
export const isFlooding = (err: unknown): boolean => err instanceof HubError && err.code === 'rate_limited' && err.extra.flooding === true;

async function take(limiter: RateLimiterAbstract | null, key: string, who: string): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const wait = Math.max(1, res.msBeforeNext);
    throw new HubError(
      'rate_limited',
      `Too many requests from ${who}: at most ${limiter.points} in ${limiter.duration} s. Wait ${(wait / 1000).toFixed(1)} s, then send again.`,
      undefined,
      // Sending on at several times the limit after being told to wait: not a person, not a polite bot.
      { retryAfterMs: wait, flooding: res.consumedPoints >= limiter.points * FLOOD_FACTOR },
    );
  }
}

/** `POINTS/SECONDS` (like `60/5`) or `off`, from an environment variable. */
export function parseRateLimit(raw: string | undefined, name: string, fallback: RateLimit | null): RateLimit | null {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'off') return null;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`${name} must be POINTS/SECONDS (like 60/5) or off, got "${raw}"`);
  return { points: Number(m[1]), seconds: Number(m[2]) };
}
