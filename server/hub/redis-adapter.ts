import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { HubServer } from './socket-server.js';

/** With REDIS_URL, hubs share rooms through Redis so several can serve one deployment. */
export async function useRedisAdapter(io: HubServer, url: string, key = 'switchboard'): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  pub.on('error', (err) => console.error(`redis: ${(err as Error).message}`));
  sub.on('error', (err) => console.error(`redis: ${(err as Error).message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
