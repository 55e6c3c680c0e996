import type { Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, PrincipalWithRole } from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { Services } from '../services/index.js';
import type { ChatService } from './chat-service.js';
import type { HubServer, SocketData } from './socket-server.js';
import { log } from '../logger.js';
import { ConnectGate } from './connect-gate.js';
import { WriteQueue } from '../services/write-queue.js';

export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What other parts of the hub do when sessions and sockets come and go. */
export interface LifecycleHooks {
  /** A principal's first socket connected and its session opened (INIT runs here). */
  sessionStarted: ((principal: PrincipalWithRole, session: AgentSessionDoc, socket: HubSocket) => Promise<void>)[];
  /** Any socket connected (queued parcels are redelivered here). */
  socketConnected: ((principal: PrincipalWithRole, socket: HubSocket) => Promise<void>)[];
}

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
  readonly hooks: LifecycleHooks = { sessionStarted: [], socketConnected: [] };

  constructor(
    private readonly io: HubServer,
    private readonly services: Services,
    private readonly chat: ChatService,
    /** Bounds how many connections are being set up at once (the socket server shares it with authentication). */
    private readonly gate = new ConnectGate(),
  ) {}

  private serial(name: string, work: () => Promise<void>): Promise<void> {
    return this.queue.run(name, work).catch((err) => log.error({ event: 'presence_failed', principal: name }, (err as Error).message));
  }

  private async liveSockets(name: string): Promise<number> {
    return (await this.io.in(presenceRoom(name)).fetchSockets()).length;
  }

  connected(socket: HubSocket): Promise<void> {
    const principal = socket.data.principal;
    return this.serial(principal.name, () => this.gate.run(async () => {
      await socket.join(presenceRoom(principal.name));
      if (socket.disconnected) return;
      const first = !(await this.services.presence.isOnline(principal.name)) || (await this.liveSockets(principal.name)) === 1;
      if (first) {
        await this.services.presence.set(principal, true, this.chat.emitNow);
        const session = await this.services.sessions.start(principal.id, principal.name);
        for (const hook of this.hooks.sessionStarted) await hook(principal, session, socket);
      }
      for (const hook of this.hooks.socketConnected) await hook(principal, socket);
    }));
  }

  disconnected(socket: HubSocket): Promise<void> {
    const principal = socket.data.principal;
    return this.serial(principal.name, async () => {
      if ((await this.liveSockets(principal.name)) > 0) return;
      await this.services.presence.set(principal, false, this.chat.emitNow);
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
    for (const p of await this.services.models.principals.find({ online: true }).lean()) {
      if ((await this.liveSockets(p.name)) > 0) continue;
      await this.services.models.principals.updateOne({ _id: p._id }, { $set: { online: false } });
      const session = await this.services.sessions.current(String(p._id));
      if (session) await this.services.sessions.end(session._id);
    }
  }
}
