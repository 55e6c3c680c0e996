import { useState } from 'react';
import { TASK_STATUSES, canMoveTask, type TaskStatus } from '../../../../protocol/index.js';
import { useSession } from '../app/contexts';
import { statusLabel } from '../logic/format.js';

/**
 * A quick status change that is a chat command: `/task-status CODE --status=…` sent in `room`,
 * so everyone there sees who moved what. Only the moves the life cycle allows are offered.
 */
export function TaskStatusSelect({ task, room, compact = false }: { task: { code: string; status: TaskStatus }; room: string; compact?: boolean }) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (status: TaskStatus) => {
    if (status === task.status) return;
    setBusy(true);
    setError(null);
    const ack = await session.send(room, `/task-status ${task.code} --status=${status}`);
    if (!ack.ok) setError(ack.error.message);
    setBusy(false);
  };
  return (
    <span className="status-select">
      <select
        aria-label={`Status of ${task.code}`}
        className={`status-select-input status-${task.status} ${compact ? 'compact' : ''}`}
        value={task.status}
        disabled={busy}
        onChange={(e) => void change(e.target.value as TaskStatus)}
      >
        {TASK_STATUSES.filter((s) => canMoveTask(task.status, s)).map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </select>
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
