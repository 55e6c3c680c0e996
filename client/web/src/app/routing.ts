import { useEffect, useState } from 'react';
import { LOBBY, parseRoom } from '../../../../protocol/index.js';

/** The app's own routes: `/` (the lobby), `/r/<room>`, `/dashboard` and `/analytics`. The hub answers all with index.html. */
export type Route = { page: 'chat'; room: string } | { page: 'dashboard' } | { page: 'analytics' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/dashboard') return { page: 'dashboard' };
  if (pathname === '/analytics') return { page: 'analytics' };
  const m = /^\/r\/(.+)$/.exec(pathname);
  const room = m ? parseRoom(decodeURIComponent(m[1]!)) : null;
  return { page: 'chat', room: room?.name ?? LOBBY };
}

export const pathOf = (route: Route): string =>
  route.page === 'dashboard' ? '/dashboard' : route.page === 'analytics' ? '/analytics' : route.room === LOBBY ? '/' : `/r/${route.room}`;

const listeners = new Set<() => void>();

export function navigate(route: Route): void {
  const path = pathOf(route);
  if (window.location.pathname !== path) window.history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
