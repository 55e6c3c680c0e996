import { taskRoom } from '../../../../../protocol/index.js';
import { navigate } from '../../app/routing';
import { relativeTime } from '../../logic/format.js';
import { Markdown } from '../Markdown';
import { StatusBadge } from '../StatusBadge';
import type { TaskDetailShape } from '../../logic/result-shapes.js';

/** A task card: title, status, who, its context and the latest activity. */
export function TaskDetailResult({ data }: { data: TaskDetailShape }) {
  const t = data.task;
  return (
    <div className="card result-card">
      <div className="card-title-row">
        <a className="code-link" href={`/r/task:${t.code}`} onClick={(e) => (e.preventDefault(), navigate({ page: 'chat', room: taskRoom(t.code) }))}>
          {t.code}
        </a>
        <strong>{t.title}</strong>
        <StatusBadge status={t.status} />
      </div>
      <dl className="facts">
        <dt>Sprint</dt>
        <dd>{t.sprint}</dd>
        <dt>Priority</dt>
        <dd>{t.priority}</dd>
        <dt>Assignee</dt>
        <dd>{t.assignee ? `@${t.assignee}` : 'nobody'}</dd>
        {t.parent && (
          <>
            <dt>Subtask of</dt>
            <dd>{t.parent}</dd>
          </>
        )}
        {t.dependsOn && t.dependsOn.length > 0 && (
          <>
            <dt>Depends on</dt>
            <dd>
              {t.dependsOn.join(', ')} · {data.waitingOn?.length ? `waits for ${data.waitingOn.map((d) => `${d.code} (${d.status})`).join(', ')}` : 'ready'}
            </dd>
          </>
        )}
        {t.collaborators && t.collaborators.length > 0 && (
          <>
            <dt>Collaborators</dt>
            <dd>{t.collaborators.map((n) => `@${n}`).join(', ')}</dd>
          </>
        )}
        {data.review?.required && (
          <>
            <dt>Review</dt>
            <dd>required{data.review.reviewers.length ? ` by ${data.review.reviewers.map((n) => `@${n}`).join(', ')}` : ''}</dd>
          </>
        )}
      </dl>
      {data.subtasks && data.subtasks.total > 0 && (
        <div className="subtasks">
          <span className="muted small">
            Subtasks {data.subtasks.done}/{data.subtasks.total} done ({data.subtasks.percentDone}%)
          </span>
          <ul className="task-rows" aria-label={`Subtasks of ${t.code}`}>
            {data.subtasks.subtasks.map((s) => (
              <li key={s.code}>
                <span className="code-link">{s.code}</span>
                <span className="task-row-title">{s.title}</span>
                <StatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {t.summary && <p className="card-summary">✓ {t.summary}</p>}
      {t.context ? <Markdown text={t.context} className="card-context" /> : <p className="muted">No context yet.</p>}
      {data.activity.length > 0 && (
        <ul className="mini-activity">
          {data.activity.slice(0, 5).map((a) => (
            <li key={a.id}>
              <span className="muted">{relativeTime(a.createdAt)}</span> @{a.actor.name} {a.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
