import type { DomainEventName, RoomName, ServerToClientEvents } from '../../protocol/index.js';

export type EventPayload<E extends DomainEventName> = Parameters<ServerToClientEvents[E]>[0];

/** How services announce changes; they never see socket.io. */
export type Emit = <E extends DomainEventName>(rooms: RoomName | RoomName[], event: E, payload: EventPayload<E>) => void;

export interface PendingEvent {
  rooms: RoomName[];
  event: DomainEventName;
  payload: unknown;
}

/**
 * Holds a command's events until its messages are stored, so a room sees the command and its
 * result before the updates they caused, and a failed command announces nothing.
 */
export class EventBuffer {
  readonly events: PendingEvent[] = [];

  readonly emit: Emit = (rooms, event, payload) => {
    this.events.push({ rooms: Array.isArray(rooms) ? rooms : [rooms], event, payload });
  };
}
