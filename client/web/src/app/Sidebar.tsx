import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { LOBBY, agentRoom, sprintRoom, taskRoom } from '../../../../protocol/index.js';
import { onListKeyDown } from '../components/ListNav';
import { sidebarSprints, sidebarTasks } from '../logic/directory.js';
import { countUnread, unreadLabel } from '../logic/unread.js';
import { notificationSetting, setNotifications } from '../hub/notifications';
import type { HubState } from '../hub/session';
import { useHub, useUi, useUiState } from './contexts';
import { navigate, pathOf, type Route } from './routing';

function useUnread(room: string): string | null {
  return useHub((s: HubState) => {
    const t = s.timelines[room];
    if (!t) return null;
    const n = countUnread(t.messages, s.readMarks[room] ?? 0, s.me.name);
    return n ? unreadLabel(n, t.messages.length, t.hasOlder) : null;
  });
}

function RoomLink({ target, current, icon, label, detail }: { target: Route; current: Route; icon: ReactNode; label: string; detail?: string }) {
  const ui = useUi();
  const room = target.page === 'chat' ? target.room : '';
  const unread = useUnread(room);
  const active = target.page === current.page && (target.page !== 'chat' || (current.page === 'chat' && current.room === room));
  const go = (e: MouseEvent) => {
    e.preventDefault();
    navigate(target);
    ui.set((s) => ({ ...s, navOpen: false }));
  };
  return (
    <li>
      <a href={pathOf(target)} className={`room-link ${active ? 'active' : ''} ${unread ? 'has-unread' : ''}`} aria-current={active ? 'page' : undefined} onClick={go} data-nav-item>
        <span className="room-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="room-label">
          {label}
          {detail && <span className="room-detail">{detail}</span>}
        </span>
        {unread && (
          <span className="badge" aria-label={`${unread} unread`}>
            {unread}
          </span>
        )}
      </a>
    </li>
  );
}

/** Opt-in browser notifications for assignments, mentions and approvals. */
function NotificationToggle() {
  const [setting, setSetting] = useState(notificationSetting);
  if (setting === 'unsupported') return null;
  if (setting === 'blocked') return <span title="Allow them in the browser's site settings">Notifications blocked</span>;
  return (
    <button type="button" className="side-toggle" aria-pressed={setting === 'on'} onClick={() => void setNotifications(setting !== 'on').then(setSetting)}>
      Notifications: {setting === 'on' ? 'on' : 'off'}
    </button>
  );
}

/** Lobby, inbox, sprints and tasks, with unread counts; arrow keys move between them. */
export function Sidebar({ route, onSignOut }: { route: Route; onSignOut: () => void }) {
  const ui = useUi();
  const connection = useHub((s) => s.connection);
  const navOpen = useUiState((s) => s.navOpen);
  const me = useHub((s) => s.me);
  const directory = useHub((s) => s.directory);
  const sprints = sidebarSprints(directory).filter((s) => s.status !== 'cancelled');
  const tasks = sidebarTasks(directory, me.name);
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && ui.set((s) => ({ ...s, navOpen: false }));
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [ui]);
  return (
    <>
      <div className={`nav-scrim ${navOpen ? 'open' : ''}`} onClick={() => ui.set((s) => ({ ...s, navOpen: false }))} aria-hidden="true" />
      <nav className={`sidebar ${navOpen ? 'open' : ''}`} aria-label="Rooms">
        <div className="sidebar-header">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          <div className="sidebar-title">
            <strong>Switchboard</strong>
            <span className="sidebar-me">
              <span className="presence-dot online" aria-hidden="true" />@{me.name} · {me.role}
            </span>
          </div>
          <button type="button" className="icon-button sidebar-signout" onClick={onSignOut} aria-label="Sign out" title="Sign out">
            <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d="M6 2.5H3.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1H6M10.5 11 13.5 8l-3-3M13.5 8H6" />
            </svg>
          </button>
        </div>
        <div className="sidebar-scroll" onKeyDown={onListKeyDown}>
          <ul className="room-list">
            <RoomLink target={{ page: 'dashboard' }} current={route} icon="◧" label="Dashboard" />
            <RoomLink target={{ page: 'analytics' }} current={route} icon="▥" label="Analytics" />
            <RoomLink target={{ page: 'chat', room: LOBBY }} current={route} icon="#" label="Lobby" />
            <RoomLink target={{ page: 'chat', room: agentRoom(me.name) }} current={route} icon="✉" label="My inbox" />
          </ul>
          <h2 className="sidebar-section">Sprints</h2>
          <ul className="room-list">
            {sprints.map((s) => (
              <RoomLink
                key={s.code}
                target={{ page: 'chat', room: sprintRoom(s.code) }}
                current={route}
                icon={<span className={`sprint-dot sprint-${s.status}`} />}
                label={s.code}
                detail={s.title}
              />
            ))}
            {!sprints.length && <li className="sidebar-empty">No sprints yet — try /sprints-create</li>}
          </ul>
          <h2 className="sidebar-section">Tasks</h2>
          <ul className="room-list">
            {tasks.map((t) => (
              <RoomLink
                key={t.code}
                target={{ page: 'chat', room: taskRoom(t.code) }}
                current={route}
                icon={<span className={`task-dot task-${t.status}`} />}
                label={t.code}
                detail={t.title}
              />
            ))}
            {!tasks.length && <li className="sidebar-empty">Open tasks of active sprints show here</li>}
          </ul>
        </div>
        <div className="sidebar-footer">
          <span>{connection === 'online' ? 'Connected' : 'Reconnecting…'}</span>
          <NotificationToggle />
        </div>
      </nav>
    </>
  );
}
