import { useSyncExternalStore } from 'react';

/** A tiny external store: one state object, replaced (never mutated) and announced to subscribers. */
export class Store<S> {
  private readonly listeners = new Set<() => void>();
  constructor(private state: S) {}

  get = (): S => this.state;

  set(change: (s: S) => S): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The part of a store a component reads; it re-renders when that part changes. */
export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
