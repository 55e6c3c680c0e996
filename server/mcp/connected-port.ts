import type { Parcel, Task } from '../../protocol/index.js';
import type { HubConnection } from './hub-connection.js';

/** What both ports do the same way: room events come over their own socket to the hub. */
export abstract class ConnectedPort {
  protected constructor(protected readonly connection: HubConnection) {}

  watchTask(code: string, listener: (task: Task) => void): Promise<() => void> {
    return this.connection.watchTask(code, listener);
  }

  onParcel(listener: (parcel: Parcel) => void): Promise<() => void> {
    return this.connection.onParcel(listener);
  }

  async close(): Promise<void> {
    this.connection.close();
  }
}
