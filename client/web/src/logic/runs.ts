import { FINISHED_RUN_STATUSES, type RunListAck, type RunWire } from '../../../../protocol/index.js';
import type { SwitchboardClient } from '../../../sdk/client.js';

export const runEnded = (r: RunWire) => FINISHED_RUN_STATUSES.includes(r.status);

/** "exit 2 in 1.8s", "timed out in 10.0s", "cancelled (why)", "running": a run's state in a few words. */
export function runOutcome(r: RunWire): string {
  const took = r.durationMs === null ? '' : ` in ${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.status === 'succeeded' || r.status === 'failed') return r.signal ? `killed by ${r.signal}${took}` : `exit ${r.exitCode}${took}`;
  if (r.status === 'timed_out') return `timed out${took}`;
  if (r.status === 'cancelled') return r.reason ? `cancelled (${r.reason})` : 'cancelled';
  if (r.status === 'lost') return 'lost: its runner went silent';
  return r.status.replace('_', ' ');
}

/** A task's runs, newest first (those its reader may see). */
export async function listRuns(client: SwitchboardClient, task: string): Promise<RunWire[]> {
  const ack = (await client.socket.emitWithAck('runs:list', { task })) as RunListAck;
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.runs;
}
