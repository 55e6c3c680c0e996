import { TASK_STATUSES } from '../../../../../protocol/index.js';
import { useUi } from '../../app/contexts';
import { statusLabel } from '../../logic/format.js';
import { ProgressBar } from '../ProgressBar';
import { StatusBadge } from '../StatusBadge';
import type { SprintDetailShape } from '../../logic/result-shapes.js';

/** A sprint card: progress, tasks per status, and the board one click away. */
export function SprintDetailResult({ data }: { data: SprintDetailShape }) {
  const ui = useUi();
  const { sprint } = data;
  const percent = sprint.progress?.percentDone ?? 0;
  return (
    <div className="card result-card">
      <div className="card-title-row">
        <span className="code-link">{sprint.code}</span>
        <strong>{sprint.title}</strong>
        <StatusBadge status={sprint.status} />
      </div>
      <div className="progress-row">
        <ProgressBar percent={percent} label={`${sprint.code} progress`} />
        <span className="progress-label">{percent}%</span>
      </div>
      <ul className="status-counts">
        {TASK_STATUSES.filter((s) => data.tasks[s]?.length).map((s) => (
          <li key={s}>
            <strong>{data.tasks[s].length}</strong> {statusLabel(s).toLowerCase()}
          </li>
        ))}
        {!sprint.progress?.total && <li className="muted">No tasks yet</li>}
      </ul>
      <button type="button" className="button small" onClick={() => ui.set((s) => ({ ...s, sprint: sprint.code }))}>
        Open board
      </button>
    </div>
  );
}
