import type { DomainEventName, RoomName, ServerToClientEvents } from '../../protocol/index.js';

export type EventPayload<E extends DomainEventName> = Parameters<ServerToClientEvents[E]>[0];

/** How services announce changes; they never see socket.io. */
export type Emit = <E extends DomainEventName>(rooms: RoomName | RoomName[], event: E, payload: EventPayload<E>) => void;

/**
 * How services say something in a room by themselves (stored and broadcast as a system message):
 * queued until a command's own messages are stored, or at once (then awaitable) outside commands.
 */
export type Post = (room: RoomName, text: string, meta?: Record<string, unknown>) => void | Promise<unknown>;

export interface PendingEvent {
  rooms: RoomName[];
  event: DomainEventName;
  payload: unknown;
}

export interface PendingPost {
  room: RoomName;
  text: string;
  meta?: Record<string, unknown>;
}

/**
 * Holds a command's events and system messages until its own messages are stored, so a room sees
 * the command and its result before what they caused, and a failed command announces nothing.
 */
export class EventBuffer {
  readonly events: PendingEvent[] = [];
  readonly posts: PendingPost[] = [];

  readonly emit: Emit = (rooms, event, payload) => {
    this.events.push({ rooms: Array.isArray(rooms) ? rooms : [rooms], event, payload });
  };

  readonly post: Post = (room, text, meta) => {
    this.posts.push({ room, text, meta });
  };
}
