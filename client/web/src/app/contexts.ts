import { createContext, useContext } from 'react';
import type { ArtifactOwner } from '../../../../protocol/index.js';
import type { HubSession } from '../hub/session';
import { Store, useStore } from '../hub/store';
import type { HubState } from '../hub/session';

export const SessionContext = createContext<HubSession | null>(null);

export function useSession(): HubSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}

/** Reads part of the hub state; re-renders when that part changes. */
export function useHub<T>(select: (s: HubState) => T): T {
  return useStore(useSession().store, select);
}

/** Which modal is open, if any. */
export interface UiState {
  artifacts: { owner: ArtifactOwner; uri: string | null } | null;
  sprint: string | null;
  navOpen: boolean;
  /** Text to put back into a room's composer ("Edit and resend"). */
  draft: { room: string; text: string } | null;
}

export const UiContext = createContext<Store<UiState> | null>(null);

export function useUi(): Store<UiState> {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside the shell');
  return ui;
}

export function useUiState<T>(select: (s: UiState) => T): T {
  return useStore(useUi(), select);
}
