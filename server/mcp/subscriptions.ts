import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { protocolError } from './hub-calls.js';
import type { HubPort } from './hub-port.js';
import { portError } from './port-errors.js';
import { parseResourceUri } from './resource-uris.js';

/**
 * resources/subscribe: a subscribed task sends `notifications/resources/updated` on every change
 * (the hub's `task:updated`), the inbox on every new parcel. Subscribing is checked like joining
 * the room: a task the caller may not see is refused.
 */
export class Subscriptions {
  private readonly active = new Map<string, Promise<() => void>>();

  constructor(
    private readonly port: HubPort,
    private readonly updated: (uri: string) => void,
  ) {}

  async subscribe(uri: string): Promise<void> {
    if (this.active.has(uri)) return;
    const target = parseResourceUri(uri);
    const notify = () => this.updated(uri);
    let stop: Promise<() => void>;
    if (target?.kind === 'task') stop = this.port.watchTask(target.code, notify);
    else if (target?.kind === 'inbox') stop = this.port.onParcel(notify);
    else throw new McpError(ErrorCode.InvalidParams, `Only tasks (switchboard://tasks/<CODE>) and switchboard://inbox send updates; ${uri} does not.`);
    this.active.set(uri, stop);
    try {
      await stop;
    } catch (err) {
      this.active.delete(uri);
      throw protocolError(portError(err));
    }
  }

  async unsubscribe(uri: string): Promise<void> {
    const stop = this.active.get(uri);
    this.active.delete(uri);
    if (stop) (await stop)();
  }

  async close(): Promise<void> {
    const all = [...this.active.values()];
    this.active.clear();
    for (const stop of await Promise.allSettled(all)) if (stop.status === 'fulfilled') stop.value();
  }
}
