import { statusLabel } from '../logic/format.js';

/** A task, sprint or agent status as a small colored pill. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{statusLabel(status)}</span>;
}
