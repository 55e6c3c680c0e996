import type { ServerToClientEvents } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { eventually } from './wait.js';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** One event as a client received it. */
export interface Seen {
  event: EventName;
  payload: unknown;
}

/** What a test waits for: an event of one name whose payload matches, with a label for failures. */
export interface Expected {
  what: string;
  event: EventName;
  match(payload: unknown): boolean;
}

export function on<E extends EventName>(event: E, what: string, match: (p: Payload<E>) => boolean = () => true): Expected {
  return { what, event, match: (p) => match(p as Payload<E>) };
}

/** A found expectation: where in the timeline it arrived, and its payload. */
export interface Found {
  what: string;
  index: number;
  payload: unknown;
}

const label = (s: Seen): string => {
  const p = s.payload as Record<string, unknown> & { kind?: string; text?: string; change?: string; activity?: { type: string } };
  if (s.event === 'chat:message') return `chat:message ${p.kind} "${String(p.text).slice(0, 60)}"`;
  if (p.change) return `${s.event} ${p.change}`;
  if (p.activity) return `${s.event} ${p.activity.type}`;
  return s.event;
};

/**
 * Everything one client receives, every event name, in the order it arrived. Tests `clear()` it
 * before a step, then wait for what the step must push and compare positions to check order.
 */
export class Timeline {
  readonly seen: Seen[] = [];

  constructor(client: SwitchboardClient) {
    client.socket.onAny((event: EventName, payload: unknown) => this.seen.push({ event, payload }));
  }

  clear(): void {
    this.seen.length = 0;
  }

  /** The payloads of one event received so far. */
  of<E extends EventName>(event: E): Payload<E>[] {
    return this.seen.filter((s) => s.event === event).map((s) => s.payload as Payload<E>);
  }

  /** Waits until each expectation has a matching event (the first match counts), or fails listing what came. */
  async waitFor(expected: Expected[], ms = 5000): Promise<Found[]> {
    let found: Found[] = [];
    await eventually(() => {
      found = expected.map((e) => {
        const index = this.seen.findIndex((s) => s.event === e.event && e.match(s.payload));
        return { what: e.what, index, payload: index >= 0 ? this.seen[index]!.payload : undefined };
      });
      const missing = found.filter((f) => f.index < 0);
      if (missing.length) throw new Error(`never received: ${missing.map((m) => m.what).join('; ')}. Received: ${this.seen.map(label).join(' | ') || 'nothing'}`);
    }, ms);
    return found;
  }
}
