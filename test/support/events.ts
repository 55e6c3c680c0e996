import type { ServerToClientEvents } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Everything a client receives of one event, from now on, in order. */
export function record<E extends keyof ServerToClientEvents>(client: SwitchboardClient, event: E): Payload<E>[] {
  const seen: Payload<E>[] = [];
  client.on(event, ((p: Payload<E>) => seen.push(p)) as ServerToClientEvents[E]);
  return seen;
}

/** Resolves with the next `event` that matches, or rejects after `ms` naming what it waited for. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  client: SwitchboardClient,
  event: E,
  match: (p: Payload<E>) => boolean = () => true,
  ms = 5000,
): Promise<Payload<E>> {
  return new Promise((resolve, reject) => {
    const listener = ((p: Payload<E>) => {
      if (!match(p)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(p);
    }) as ServerToClientEvents[E];
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${event} matching within ${ms} ms`));
    }, ms);
    client.on(event, listener);
  });
}
