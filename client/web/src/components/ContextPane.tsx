import { useEffect, useState } from 'react';
import { LOBBY, parseRoom, sprintRoom, taskRoom, type Artifact } from '../../../../protocol/index.js';
import { useHub, useSession, useUi } from '../app/contexts';
import { navigate } from '../app/routing';
import { ownerOfArtifact } from '../logic/artifact-refs.js';
import { sidebarSprints } from '../logic/directory.js';
import { formatBytes, relativeTime } from '../logic/format.js';
import { Markdown } from './Markdown';
import { RunList } from './RunList';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';
import { TaskStatusSelect } from './TaskStatusSelect';

function ArtifactList({ artifacts, empty }: { artifacts: Artifact[]; empty: string }) {
  const ui = useUi();
  if (!artifacts.length) return <p className="muted small">{empty}</p>;
  return (
    <ul className="artifact-mini-list">
      {artifacts.map((a) => (
        <li key={a.id}>
          <button type="button" className="link-button" onClick={() => ui.set((s) => ({ ...s, artifacts: { owner: ownerOfArtifact(a), uri: a.uri } }))}>
            📄 {a.name}
          </button>
          <span className="muted small">
            v{a.version} · {formatBytes(a.size)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function TaskContext({ code }: { code: string }) {
  const session = useSession();
  const view = useHub((s) => s.taskViews[code]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.refreshTask(code).catch((err: Error) => setError(err.message));
  }, [session, code]);
  if (error) return <p className="error">{error}</p>;
  if (!view) return <p className="muted">Loading…</p>;
  const t = view.task;
  return (
    <>
      <section className="context-section">
        <h3 className="context-heading">{t.title}</h3>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <TaskStatusSelect task={t} room={taskRoom(t.code)} />
          </dd>
          <dt>Assignee</dt>
          <dd>{t.assignee ? `@${t.assignee}` : <span className="muted">nobody</span>}</dd>
          <dt>Priority</dt>
          <dd>{t.priority}</dd>
          <dt>Sprint</dt>
          <dd>
            <a href={`/r/sprint:${t.sprint}`} onClick={(e) => (e.preventDefault(), navigate({ page: 'chat', room: sprintRoom(t.sprint) }))}>
              {t.sprint}
            </a>
          </dd>
          <dt>Updated</dt>
          <dd>{relativeTime(t.updatedAt)}</dd>
        </dl>
        {t.summary && <p className="card-summary">✓ {t.summary}</p>}
      </section>
      <section className="context-section">
        <h3 className="context-heading">Context</h3>
        {t.context ? <Markdown text={t.context} className="context-text" /> : <p className="muted small">Nothing yet. Add a note with /task-note {t.code} "…"</p>}
      </section>
      <section className="context-section">
        <h3 className="context-heading">Artifacts</h3>
        <ArtifactList artifacts={view.artifacts} empty="No files yet. Drop one in Artifacts." />
      </section>
      <section className="context-section">
        <h3 className="context-heading">Runs</h3>
        <RunList task={t.code} />
      </section>
      <section className="context-section">
        <h3 className="context-heading">Activity</h3>
        <ul className="mini-activity">
          {view.activity.map((a) => (
            <li key={a.id}>
              <span className="muted">{relativeTime(a.createdAt)}</span> @{a.actor.name} {a.text}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function SprintContext({ code }: { code: string }) {
  const session = useSession();
  const ui = useUi();
  const view = useHub((s) => s.sprintViews[code]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.refreshSprint(code).catch((err: Error) => setError(err.message));
  }, [session, code]);
  if (error) return <p className="error">{error}</p>;
  if (!view) return <p className="muted">Loading…</p>;
  const { sprint, tasks } = view;
  const percent = sprint.progress?.percentDone ?? 0;
  const all = Object.values(tasks).flat();
  return (
    <>
      <section className="context-section">
        <h3 className="context-heading">{sprint.title}</h3>
        <div className="progress-row">
          <ProgressBar percent={percent} label={`${sprint.code} progress`} />
          <span className="progress-label">{percent}%</span>
        </div>
        <p className="muted small">
          {sprint.progress?.byStatus.completed ?? 0} of {sprint.progress?.total ?? 0} tasks done · <StatusBadge status={sprint.status} />
        </p>
        <button type="button" className="button small" onClick={() => ui.set((s) => ({ ...s, sprint: sprint.code }))}>
          Open board
        </button>
      </section>
      <section className="context-section">
        <h3 className="context-heading">Tasks</h3>
        <ul className="context-tasks">
          {all.map((t) => (
            <li key={t.code}>
              <a href={`/r/task:${t.code}`} onClick={(e) => (e.preventDefault(), navigate({ page: 'chat', room: taskRoom(t.code) }))}>
                {t.code}
              </a>{' '}
              <span className="context-task-title">{t.title}</span> <StatusBadge status={t.status} />
            </li>
          ))}
          {!all.length && <li className="muted small">No tasks yet.</li>}
        </ul>
      </section>
      <section className="context-section">
        <h3 className="context-heading">Artifacts</h3>
        <ArtifactList artifacts={view.artifacts} empty="No files on this sprint yet." />
      </section>
    </>
  );
}

function LobbyContext() {
  const directory = useHub((s) => s.directory);
  const active = sidebarSprints(directory).filter((s) => s.status === 'active' || s.status === 'planned');
  const online = directory.principals.filter((p) => p.online);
  return (
    <>
      <section className="context-section">
        <h3 className="context-heading">Open sprints</h3>
        <ul className="context-tasks">
          {active.map((s) => (
            <li key={s.code}>
              <a href={`/r/sprint:${s.code}`} onClick={(e) => (e.preventDefault(), navigate({ page: 'chat', room: sprintRoom(s.code) }))}>
                {s.code}
              </a>{' '}
              <span className="context-task-title">{s.title}</span>
              <ProgressBar percent={s.progress?.percentDone ?? 0} label={`${s.code} progress`} />
            </li>
          ))}
          {!active.length && <li className="muted small">None yet. Start one with /sprints-create.</li>}
        </ul>
      </section>
      <section className="context-section">
        <h3 className="context-heading">Online now</h3>
        <ul className="people">
          {online.map((p) => (
            <li key={p.name}>
              <span className="presence-dot online" aria-hidden="true" /> @{p.name} <span className="muted small">{p.kind}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** The right pane: what the room is about — its task or sprint, or the project at large. */
export function ContextPane({ room, onClose }: { room: string; onClose: () => void }) {
  const parsed = parseRoom(room) ?? { kind: 'lobby' as const, name: LOBBY };
  return (
    <aside className="context" aria-label="Details">
      <header className="context-header">
        <h2>Details</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="context-body">
        {parsed.kind === 'task' && <TaskContext code={parsed.id!} />}
        {parsed.kind === 'sprint' && <SprintContext code={parsed.id!} />}
        {(parsed.kind === 'lobby' || parsed.kind === 'agent') && <LobbyContext />}
      </div>
    </aside>
  );
}
