import { Server } from 'socket.io';
import { Limits, PROTOCOL_VERSION, ParcelAckSchema, agentRoom, RoomHistorySchema, RoomJoinSchema, RoomLeaveSchema, parseRoom } from '../../protocol/index.js';
import { toWireError } from '../errors.js';
import type { Hooks } from '../hooks.js';
import { isFlooding } from '../services/rate-limits.js';
import type { Services } from '../services/index.js';
import { messageToWire } from '../services/wire.js';
import type { ChatService } from '../chat/chat-service.js';
import { parsePayload } from './payload.js';
import { withDeadline } from '../deadline.js';
import { unavailableWhileDown } from '../db/unavailable.js';
import { ConnectGate } from './connect-gate.js';
import { PresenceTracker } from './presence-tracker.js';
import { AGENT_SOCKETS, PEOPLE_SOCKETS } from './task-scoped-broadcast.js';
import { wireRunnerEvents } from './runner-socket.js';
import type { Answer, HubServer, HubSocket } from './types.js';

/** An error the client sees as `connect_error`, with the code in `message` and in `data`. */
function refusal(code: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code } });
}

/** The socket.io server, not yet attached to the HTTP server: the chat broadcasts through it from the start. */
export function createSocketIo(): HubServer {
  return new Server({
    // A frame bigger than a full message plus its envelope is dropped before parsing.
    maxHttpBufferSize: Limits.messageBytes * 8,
    serveClient: false,
    // Off, as engine.io's default, and said so: with it on, ws keeps a zlib deflate and inflate
    // context per socket (tens of KiB each), the largest cost an idle connection could have.
    // Chat lines are small; the bench's idle phase measures what a socket costs.
    perMessageDeflate: false,
  });
}

/** Authenticates sockets, tracks presence and answers what clients send; returns the presence tracker. */
export function serveSockets(io: HubServer, services: Services, chat: ChatService, hooks: Hooks): PresenceTracker {
  // Authentication and the presence work after it take turns through one gate (see connect-gate.ts).
  const gate = new ConnectGate();
  io.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; protocol?: unknown };
    if (typeof auth.protocol === 'number' && auth.protocol < PROTOCOL_VERSION) return next(refusal('clientTooOld'));
    if (typeof auth.protocol === 'number' && auth.protocol > PROTOCOL_VERSION) return next(refusal('serverTooOld'));
    const refused = await gate.run(async () => {
      // A client that gave up while it waited (its connect timeout) costs no database work.
      if (socket.conn.readyState !== 'open') return 'unavailable';
      try {
        const found = await withDeadline(services.tokens.authenticateToken(auth.token), services.deadlineMs);
        if (!found) return 'unauthorized';
        const { principal, tokenId } = found;
        const limited = await services.rateLimits.connect(principal.id).then(
          () => false,
          () => true,
        );
        if (limited) return 'rate_limited';
        socket.data.principal = principal;
        socket.data.tokenId = tokenId;
        return null;
      } catch {
        return 'unavailable';
      }
    });
    // Outside the gate: `next` runs the connection handler, whose presence work takes its own turn.
    next(refused ? refusal(refused) : undefined);
  });

  const presence = new PresenceTracker(io, services, chat, hooks, gate);
  // fetchSockets asks every hub (Redis adapter), so a revoked token is shut out everywhere.
  hooks.on('token:revoked', async ({ tokenIds }) => {
    const revoked = new Set(tokenIds);
    for (const s of await io.fetchSockets()) {
      if (!revoked.has(s.data.tokenId)) continue;
      const local = io.sockets.sockets.get(s.id);
      // A socket of this hub waiting for answers is closed once they are sent; it takes no new request.
      if (local?.data.inFlight) local.data.revoked = true;
      else s.disconnect(true);
    }
  });

  io.on('connection', (socket: HubSocket) => {
    const principal = socket.data.principal;
    // In its inbox before hello, so nothing sent there after the client hears hello is missed;
    // and in the hidden room of its role, by which task details reach only those who may read them.
    void socket.join([agentRoom(principal.name), principal.role === 'agent' ? AGENT_SOCKETS : PEOPLE_SOCKETS]);
    // Hello once the principal is online with its session open: a command sent right after it
    // finds both (see PresenceTracker.connected).
    void presence.connected(socket, () => socket.emit('hello', { protocol: PROTOCOL_VERSION, principal }));
    socket.on('disconnect', () => void presence.disconnected(socket));

    // A client that forgets the ack callback gets nothing back, but must not crash the hub. One
    // that forgets the payload sends its ack in the payload's place: it gets bad_request, not silence.
    // `limited`: chat sends and commands count against the rate limits. Joins, history and parcel
    // acks do not: the web client joins every sidebar room at start, and an agent acks a backlog
    // of parcels at once on reconnecting; refusing those would lose rooms and re-send parcels.
    const answer: Answer = <T>(payload: unknown, ack: unknown, work: (payload: unknown) => Promise<T>, limited = false) => {
      if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
      const reply = typeof ack === 'function' ? (ack as (r: T | { ok: false; error: unknown }) => void) : () => undefined;
      if (socket.data.revoked) return reply({ ok: false, error: { code: 'unauthorized', message: 'This token was revoked.' } });
      socket.data.inFlight = (socket.data.inFlight ?? 0) + 1;
      // Counted before the payload is even parsed: a flood costs the hub as little as possible.
      (limited ? services.rateLimits.socket(principal.id, socket.id) : Promise.resolve())
        .then(() => withDeadline(work(payload), services.deadlineMs))
        .then(reply, (err) => {
          reply({ ok: false, error: toWireError(unavailableWhileDown(err, services.databaseDown())) });
          // Parsing and refusing a flood still costs the hub: a socket that ignores its waits is closed.
          if (isFlooding(err)) socket.disconnect(true);
        })
        .finally(() => {
          // A token revoked by a request of this very socket: answered first, then closed.
          if (--socket.data.inFlight! === 0 && socket.data.revoked) socket.disconnect(true);
        });
    };

    socket.on('chat:send', (payload, ack) => answer(payload, ack, (p) => chat.send(principal, p), true));

    socket.on('room:join', (payload, ack) =>
      answer(payload, ack, async (payload) => {
        const { room } = parsePayload(RoomJoinSchema, payload, 'room:join');
        const parsed = parseRoom(room)!;
        await services.rooms.assertExists(parsed);
        await services.access.assertRoom(principal, parsed);
        await socket.join(parsed.name);
        const messages = await services.messages.history(parsed.name, { limit: Limits.joinHistory });
        return { ok: true as const, room: parsed.name, messages: messages.map(messageToWire) };
      }),
    );

    socket.on('room:leave', (payload, ack) =>
      answer(payload, ack, async (payload) => {
        const { room } = parsePayload(RoomLeaveSchema, payload, 'room:leave');
        await socket.leave(room);
        return { ok: true as const, room };
      }),
    );

    socket.on('parcel:ack', (payload, ack) =>
      answer(payload, ack, async (payload) => {
        const { id } = parsePayload(ParcelAckSchema, payload, 'parcel:ack');
        return { ok: true as const, id, status: await services.inbox.ack(principal.name, id) };
      }),
    );

    wireRunnerEvents(socket, services, chat, answer);

    socket.on('room:history', (payload, ack) =>
      answer(payload, ack, async (payload) => {
        const page = parsePayload(RoomHistorySchema, payload, 'room:history');
        const parsed = parseRoom(page.room)!;
        await services.access.assertRoom(principal, parsed);
        const messages = await services.messages.history(parsed.name, page);
        return { ok: true as const, room: parsed.name, messages: messages.map(messageToWire) };
      }),
    );
  });

  return presence;
}
