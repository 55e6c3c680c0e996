import type { RunWire } from '../../../protocol/index.js';
import type { RunDoc } from '../../db/models/run.js';
import { formatDuration } from '../../commands/duration.js';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function runToWire(r: RunDoc): RunWire {
  return {
    id: r._id,
    task: r.task,
    sprint: r.sprint,
    command: r.command,
    status: r.status,
    requestedBy: { id: r.requestedBy.id, name: r.requestedBy.name, kind: r.requestedBy.kind as RunWire['requestedBy']['kind'] },
    wantsRunner: r.wantsRunner,
    runner: r.runner,
    network: r.network,
    timeoutMs: r.timeoutMs,
    outputs: r.outputs,
    inputs: r.inputs ?? [],
    outputSeq: r.outputSeq,
    outputBytes: r.outputBytes,
    truncated: r.truncated,
    exitCode: r.exitCode,
    signal: r.signal,
    durationMs: r.durationMs,
    artifacts: r.artifacts,
    decidedBy: r.decidedBy,
    reason: r.reason,
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

/** "exit 0 in 1.2s" / "timed out after 10m" / "lost": how a run ended, in a few words. */
export function runOutcome(r: Pick<RunWire, 'status' | 'exitCode' | 'signal' | 'durationMs' | 'reason'>): string {
  const took = r.durationMs === null ? '' : r.durationMs < 60_000 ? ` in ${(r.durationMs / 1000).toFixed(1)}s` : ` in ${formatDuration(r.durationMs)}`;
  switch (r.status) {
    case 'succeeded':
    case 'failed':
      return r.signal ? `killed by ${r.signal}${took}` : `exit ${r.exitCode}${took}`;
    case 'timed_out':
      return `timed out${took}`;
    case 'cancelled':
      return r.reason ? `cancelled (${r.reason})` : 'cancelled';
    case 'lost':
      return 'lost (its runner went silent)';
    default:
      return r.status.replace('_', ' ');
  }
}
