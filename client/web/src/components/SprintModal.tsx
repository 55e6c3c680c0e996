import { useEffect, useState } from 'react';
import { TASK_STATUSES, sprintRoom, taskRoom } from '../../../../protocol/index.js';
import { useHub, useSession, useUi, useUiState } from '../app/contexts';
import { navigate } from '../app/routing';
import { statusLabel } from '../logic/format.js';
import { Modal } from './Modal';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';
import { TaskStatusSelect } from './TaskStatusSelect';

/** The sprint board: tasks in columns by status; moving one sends /task-status in the sprint's room. */
export function SprintModal() {
  const ui = useUi();
  const code = useUiState((s) => s.sprint);
  if (!code) return null;
  return <SprintBoard code={code} onClose={() => ui.set((s) => ({ ...s, sprint: null }))} />;
}

function SprintBoard({ code, onClose }: { code: string; onClose: () => void }) {
  const session = useSession();
  const view = useHub((s) => s.sprintViews[code]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.refreshSprint(code).catch((err: Error) => setError(err.message));
    // The board follows task:updated of the sprint's room: be in it.
    void session.ensureJoined(sprintRoom(code)).catch(() => undefined);
  }, [session, code]);
  const percent = view?.sprint.progress?.percentDone ?? 0;
  const open = (room: string) => {
    onClose();
    navigate({ page: 'chat', room });
  };
  return (
    <Modal
      className="modal-wide"
      onClose={onClose}
      title={
        <>
          {code} {view && <span className="modal-subtitle">{view.sprint.title}</span>} {view && <StatusBadge status={view.sprint.status} />}
        </>
      }
    >
      {error && <p className="error">{error}</p>}
      {!view && !error && <p className="muted">Loading…</p>}
      {view && (
        <>
          <div className="progress-row board-progress">
            <ProgressBar percent={percent} label={`${code} progress`} />
            <span className="progress-label">
              {percent}% · {view.sprint.progress?.byStatus.completed ?? 0}/{view.sprint.progress?.total ?? 0} done
            </span>
            <button type="button" className="button small ghost" onClick={() => open(sprintRoom(code))}>
              Open the sprint room
            </button>
          </div>
          {/* Six columns scroll sideways on narrow screens: focusable, so the keyboard scrolls them too. */}
          <ul className="board" aria-label="Tasks by status" tabIndex={0}>
            {TASK_STATUSES.map((status) => (
              <li key={status} className={`board-column column-${status}`} aria-label={`${statusLabel(status)}: ${view.tasks[status].length}`}>
                <h3>
                  {statusLabel(status)} <span className="count">{view.tasks[status].length}</span>
                </h3>
                <ul>
                  {view.tasks[status].map((t) => (
                    <li key={t.code} className="board-card">
                      <div className="board-card-top">
                        <button type="button" className="code-link link-button" onClick={() => open(taskRoom(t.code))}>
                          {t.code}
                        </button>
                        <span className={`priority priority-${t.priority}`}>{t.priority}</span>
                      </div>
                      <p className="board-card-title">{t.title}</p>
                      <div className="board-card-bottom">
                        <span className="muted small">{t.assignee ? `@${t.assignee}` : 'unassigned'}</span>
                        <TaskStatusSelect task={t} room={sprintRoom(code)} compact />
                      </div>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
