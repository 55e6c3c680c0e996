import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { HubServer } from './types.js';
import { log } from '../logger.js';

/** With REDIS_URL, hubs share rooms through Redis so several can serve one deployment. */
export async function useRedisAdapter(io: HubServer, url: string, key = 'switchboard'): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  pub.on('error', (err) => log.error({ event: 'redis_error' }, (err as Error).message));
  sub.on('error', (err) => log.error({ event: 'redis_error' }, (err as Error).message));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
