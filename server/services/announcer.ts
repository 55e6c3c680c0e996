import type { ChatMessage, RoomName } from '../../protocol/index.js';
import { SYSTEM } from '../hub/system-principal.js';
import type { Broadcast } from '../hub/types.js';
import type { Emit } from './events.js';
import type { MessageStore } from './message-store.js';
import { messageToWire } from './wire.js';

/**
 * How the hub speaks at once, not buffered like a command's changes: what happens outside a
 * command (INIT steps, lease lapses, uploads over HTTP) is news as it happens.
 */
export class Announcer {
  constructor(
    private readonly messages: MessageStore,
    /** To the sockets in some rooms (each socket once), whatever the transport. */
    readonly broadcast: Broadcast,
  ) {}

  /** Domain events, sent now. */
  readonly emit: Emit = (rooms, event, payload) => {
    this.broadcast(Array.isArray(rooms) ? rooms : [rooms], event, payload as never);
  };

  /** Something the hub says by itself in a room, stored and broadcast. */
  async postSystem(room: RoomName, text: string, meta?: Record<string, unknown>): Promise<ChatMessage> {
    const message = await this.storeSystem(room, text, meta);
    this.broadcast([room], 'chat:message', message);
    return message;
  }

  /** Stores what the hub says in a room, for the caller to broadcast when its turn comes. */
  async storeSystem(room: RoomName, text: string, meta?: Record<string, unknown>): Promise<ChatMessage> {
    const [stored] = await this.messages.append(room, [{ kind: 'system', sender: SYSTEM, text, meta }]);
    return messageToWire(stored!);
  }
}
