import type { Hooks } from '../hooks.js';
import type { Services } from '../services/index.js';
import type { ChatService } from '../chat/chat-service.js';
import type { HubServer, HubSocket } from './types.js';
import { log } from '../logger.js';
import { ConnectGate } from './connect-gate.js';
import { WriteQueue } from '../services/write-queue.js';

/** A server-side room per principal; never joinable by clients (parseRoom rejects the name). */
const presenceRoom = (name: string) => `presence:${name}`;

/**
 * Online means at least one live socket, on any hub: counted with fetchSockets, which the Redis
 * adapter answers across hubs. Transitions of one principal are handled one at a time, so two
 * sockets connecting together open one session.
 */
export class PresenceTracker {
  /** One transition of a principal at a time. */
  private readonly queue = new WriteQueue();

  constructor(
    private readonly io: HubServer,
    private readonly services: Services,
    private readonly chat: ChatService,
    /** Told when a session opens (`session:started`) and when any socket connects (`socket:connected`). */
    private readonly hooks: Hooks,
    /** Bounds how many connections are being set up at once (the socket server shares it with authentication). */
    private readonly gate = new ConnectGate(),
  ) {}

  private serial(name: string, work: () => Promise<void>): Promise<void> {
    return this.queue.run(name, work).catch((err) => log.error({ event: 'presence_failed', principal: name }, (err as Error).message));
  }

  private async liveSockets(name: string): Promise<number> {
    return (await this.io.in(presenceRoom(name)).fetchSockets()).length;
  }

  /**
   * A socket was accepted. `greet` (hello) is called once its principal is online and its session
   * open, so whatever the client sends after hello finds both; then the hooks run (INIT, queued
   * parcels), which the client hears after hello. Should that work fail, hello is still said.
   */
  connected(socket: HubSocket, greet: () => void): Promise<void> {
    const principal = socket.data.principal;
    let greeted = false;
    const hello = () => {
      if (greeted || socket.disconnected) return;
      greeted = true;
      greet();
    };
    const work = this.serial(principal.name, () => this.gate.run(async () => {
      await socket.join(presenceRoom(principal.name));
      if (socket.disconnected) return;
      const { online, lastSessionId } = await this.services.presence.state(principal.id);
      const first = !online || (await this.liveSockets(principal.name)) === 1;
      const session = first ? await this.services.sessions.open(principal.id, principal.name, lastSessionId) : null;
      if (session) await this.services.presence.cameOnline(principal, session._id, this.chat.emitNow);
      hello();
      if (session) await this.hooks.emit('session:started', { principal, session, socket });
      await this.hooks.emit('socket:connected', { principal, socket });
    }));
    return work.finally(hello);
  }

  disconnected(socket: HubSocket): Promise<void> {
    const principal = socket.data.principal;
    return this.serial(principal.name, async () => {
      if ((await this.liveSockets(principal.name)) > 0) return;
      await this.services.presence.wentOffline(principal, this.chat.emitNow);
      const session = await this.services.sessions.current(principal.id);
      if (session) await this.services.sessions.end(session._id);
    });
  }

  /** Resolves when every pending transition is written (before the database closes). */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /** At start: principals marked online with no socket anywhere (a hub died) become offline. */
  async reconcile(): Promise<void> {
    for (const p of await this.services.presence.markedOnline()) {
      if ((await this.liveSockets(p.name)) > 0) continue;
      await this.services.presence.markOffline(p.id);
      const session = await this.services.sessions.current(p.id);
      if (session) await this.services.sessions.end(session._id);
    }
  }
}
