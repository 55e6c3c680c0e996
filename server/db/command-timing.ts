import type { CommandFailedEvent, CommandSucceededEvent } from 'mongodb';
import type { HubMetrics } from '../services/metrics.js';
import type { Database } from './connect.js';

/** Times every database operation from the driver's command events (the connection monitors commands); returns how to stop. */
export function timeDatabaseOperations(db: Database, metrics: HubMetrics): () => void {
  const client = db.conn.getClient();
  const ok = (e: CommandSucceededEvent) => metrics.dbOperation(e.commandName, true, e.duration / 1000);
  const failed = (e: CommandFailedEvent) => metrics.dbOperation(e.commandName, false, e.duration / 1000);
  client.on('commandSucceeded', ok);
  client.on('commandFailed', failed);
  return () => {
    client.off('commandSucceeded', ok);
    client.off('commandFailed', failed);
  };
}
