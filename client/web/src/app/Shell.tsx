import { useEffect, useMemo, useState } from 'react';
import { Store } from '../hub/store';
import { ArtifactsModal } from '../components/ArtifactsModal';
import { SprintModal } from '../components/SprintModal';
import { ChatView } from '../pages/ChatView';
import { AnalyticsPage } from '../pages/AnalyticsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { Sidebar } from './Sidebar';
import { UiContext, useHub, type UiState } from './contexts';
import { useRoute } from './routing';

const WIDE = '(min-width: 1100px)';

/** Rooms on the left, the chat or the dashboard in the middle, the room's context on the right. */
export function Shell({ onSignOut }: { onSignOut: () => void }) {
  const ui = useMemo(() => new Store<UiState>({ artifacts: null, sprint: null, navOpen: false, draft: null }), []);
  const route = useRoute();
  const connection = useHub((s) => s.connection);
  const [contextOpen, setContextOpen] = useState(() => window.matchMedia(WIDE).matches);
  // Wide enough for three panes: details open; narrower, it floats over the chat, so it starts closed.
  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const follow = () => setContextOpen(wide.matches);
    wide.addEventListener('change', follow);
    return () => wide.removeEventListener('change', follow);
  }, []);
  return (
    <UiContext.Provider value={ui}>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Sidebar route={route} onSignOut={onSignOut} />
        <main id="main" className="main" tabIndex={-1}>
          {connection !== 'online' && (
            <div className="connection-banner" role="status">
              Reconnecting… messages you send now go out when the hub is back.
            </div>
          )}
          {route.page === 'dashboard' ? (
            <DashboardPage />
          ) : route.page === 'analytics' ? (
            <AnalyticsPage />
          ) : (
            <ChatView key={route.room} room={route.room} contextOpen={contextOpen} onToggleContext={() => setContextOpen((o) => !o)} />
          )}
        </main>
        <ArtifactsModal />
        <SprintModal />
      </div>
    </UiContext.Provider>
  );
}
