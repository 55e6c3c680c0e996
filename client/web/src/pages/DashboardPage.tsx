import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { sprintRoom, taskRoom } from '../../../../protocol/index.js';
import { useHub, useSession, useUi } from '../app/contexts';
import { navigate, pathOf, type Route } from '../app/routing';
import { ProgressBar } from '../components/ProgressBar';
import { StatusBadge } from '../components/StatusBadge';
import { countUnread } from '../logic/unread.js';
import { relativeTime } from '../logic/format.js';
import { Avatar } from '../components/Avatar';
import { WaitingForYou } from '../components/WaitingForYou';

function Stat({ label, value, detail, to }: { label: string; value: number; detail?: string; to?: Route }) {
  const body = (
    <>
      <span className="stat-label">{label}</span>
      <strong className="stat-value" aria-label={`${label}: ${value}`}>
        {value}
      </strong>
      {detail && <span className="stat-detail">{detail}</span>}
    </>
  );
  if (!to) return <div className="stat-card">{body}</div>;
  const go = (e: MouseEvent) => {
    e.preventDefault();
    navigate(to);
  };
  return (
    <a className="stat-card stat-link" href={pathOf(to)} onClick={go}>
      {body}
    </a>
  );
}

const RECENT_MESSAGES = 5;

/** The newest parcels of my inbox, each opening the inbox room. */
function RecentMessages({ inbox }: { inbox: string }) {
  const parcels = useHub((s) => s.parcels);
  const recent = useMemo(
    () =>
      Object.values(parcels)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, RECENT_MESSAGES),
    [parcels],
  );
  const target: Route = { page: 'chat', room: inbox };
  const go = (e: MouseEvent) => {
    e.preventDefault();
    navigate(target);
  };
  return (
    <section className="panel" aria-labelledby="dash-messages">
      <h2 id="dash-messages">Recent messages</h2>
      {recent.length === 0 && <p className="muted">Your inbox is empty.</p>}
      <ul className="message-rows">
        {recent.map((p) => (
          <li key={p.id} className={p.status === 'read' ? '' : 'unread'}>
            <a href={pathOf(target)} onClick={go}>
              {p.subject}
            </a>
            <span className="muted small">
              @{p.from.name} · {relativeTime(p.createdAt)}
              {p.status !== 'read' && ' · unread'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Unread messages across the rooms this tab follows, from the same counter as the room list. */
function useRoomUnread(): number {
  return useHub((s) => Object.entries(s.timelines).reduce((n, [room, t]) => n + countUnread(t.messages, s.readMarks[room] ?? 0, s.me.name), 0));
}

/** Live orchestration: stat cards, sprints with progress, my tasks, activity and agents, updated by room events. */
export function DashboardPage() {
  const session = useSession();
  const ui = useUi();
  const dashboard = useHub((s) => s.dashboard);
  const roomUnread = useRoomUnread();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.refreshDashboard().catch((err: Error) => setError(err.message));
    session.loadInbox().catch(() => undefined);
  }, [session]);
  const go = (room: string) => navigate({ page: 'chat', room });
  return (
    <div className="dashboard">
      <header className="page-header">
        <button type="button" className="icon-button menu-button" onClick={() => ui.set((s) => ({ ...s, navOpen: true }))} aria-label="Open the room list">
          ☰
        </button>
        <div>
          <h1>Dashboard</h1>
          <p className="chat-subtitle">Live: it follows the rooms as work happens.</p>
        </div>
      </header>
      {error && <p className="error">{error}</p>}
      {!dashboard && !error && <p className="muted page-pad">Loading…</p>}
      {dashboard && (
        <div className="dashboard-body">
          <section className="stats" aria-label="Summary">
            <Stat label="Active sprints" value={dashboard.stats.activeSprints} />
            <Stat label="My tasks" value={dashboard.stats.myTasks} detail="open, assigned to you" />
            <Stat
              label="Unread"
              value={dashboard.stats.unreadMessages + roomUnread}
              detail={`${dashboard.stats.unreadMessages} in inbox · ${roomUnread} in rooms`}
              to={{ page: 'chat', room: session.inbox }}
            />
            <Stat label="Agents online" value={dashboard.stats.agentsOnline} detail={`of ${dashboard.stats.agentsTotal}`} />
          </section>
          <div className="dashboard-grid">
            <WaitingForYou waiting={dashboard.waitingForYou} />
            <RecentMessages inbox={session.inbox} />
            <section className="panel" aria-labelledby="dash-sprints">
              <h2 id="dash-sprints">Active sprints</h2>
              {dashboard.activeSprints.length === 0 && <p className="muted">No active sprint. Start one with /sprint-status CODE --status=active.</p>}
              <ul className="sprint-rows">
                {dashboard.activeSprints.map((s) => {
                  const p = s.progress;
                  return (
                    <li key={s.code} className="sprint-row" data-sprint={s.code}>
                      <div className="sprint-row-top">
                        <button type="button" className="link-button code-link" onClick={() => go(sprintRoom(s.code))}>
                          {s.code}
                        </button>
                        <span className="sprint-title">{s.title}</span>
                        <span className="progress-label">{p?.percentDone ?? 0}%</span>
                      </div>
                      <ProgressBar percent={p?.percentDone ?? 0} label={`${s.code} progress`} />
                      <span className="muted small">
                        {p?.byStatus.completed ?? 0}/{p?.total ?? 0} done · {p?.byStatus.in_progress ?? 0} in progress · {p?.byStatus.blocked ?? 0} blocked
                      </span>
                    </li>
                  );
                })}
              </ul>
            </section>
            <section className="panel" aria-labelledby="dash-tasks">
              <h2 id="dash-tasks">My tasks</h2>
              {dashboard.myTasks.length === 0 && <p className="muted">Nothing assigned to you is open.</p>}
              <ul className="task-rows">
                {dashboard.myTasks.map((t) => (
                  <li key={t.code}>
                    <button type="button" className="link-button code-link" onClick={() => go(taskRoom(t.code))}>
                      {t.code}
                    </button>
                    <span className="task-row-title">{t.title}</span>
                    <StatusBadge status={t.status} />
                  </li>
                ))}
              </ul>
            </section>
            <section className="panel" aria-labelledby="dash-activity">
              <h2 id="dash-activity">Recent activity</h2>
              {/* It scrolls: focusable, so arrow keys scroll it. */}
              <ol className="activity-feed" aria-live="polite" aria-label="Activity, newest first" tabIndex={0}>
                {dashboard.recentActivity.map((a) => (
                  <li key={a.id}>
                    <Avatar name={a.actor.name} kind={a.actor.kind} size={24} />
                    <div>
                      <span>
                        <strong>@{a.actor.name}</strong> {a.text}
                      </span>
                      <span className="muted small">{relativeTime(a.createdAt)}</span>
                    </div>
                  </li>
                ))}
                {dashboard.recentActivity.length === 0 && <li className="muted">Nothing has happened yet.</li>}
              </ol>
            </section>
            <section className="panel" aria-labelledby="dash-agents">
              <h2 id="dash-agents">Agents</h2>
              {dashboard.agents.length === 0 && <p className="muted">No agents yet. An admin adds one with /token-create @name --kind=agent.</p>}
              <ul className="agent-rows">
                {dashboard.agents.map((a) => (
                  <li key={a.name} data-agent={a.name}>
                    <span className={`presence-dot ${a.status}`} aria-hidden="true" />
                    <strong>@{a.name}</strong>
                    <span className="muted small">{a.agentRole}</span>
                    {a.currentTask && <span className="small">on {a.currentTask}</span>}
                    <span className={`agent-status agent-${a.status}`}>{a.status}</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </div>
      )}
    </div>
  );
}
