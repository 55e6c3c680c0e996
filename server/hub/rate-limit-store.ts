import { createClient } from 'redis';
import type { Hooks } from '../hooks.js';
import { log } from '../logger.js';
import { RateLimits, type RateLimitSettings } from '../services/rate-limits.js';

/**
 * The hub's rate limits: counted in Redis when the hubs share one (REDIS_URL), so a limit holds
 * across hubs; in memory otherwise. Returns the limits and how to close their Redis connection.
 */
export async function openRateLimits(
  settings: RateLimitSettings,
  hooks: Hooks,
  redisUrl: string | null | undefined,
  key = 'switchboard',
): Promise<{ limits: RateLimits; close(): Promise<void> }> {
  if (!redisUrl) return { limits: new RateLimits(settings, hooks), close: async () => undefined };
  const client = createClient({ url: redisUrl });
  client.on('error', (err) => log.error({ event: 'redis_error', use: 'rate limits' }, (err as Error).message));
  await client.connect();
  return {
    limits: new RateLimits(settings, hooks, { client, prefix: key }),
    async close() {
      await client.quit().catch(() => undefined);
    },
  };
}
