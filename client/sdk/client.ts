import { io, type Socket } from 'socket.io-client';
import {
  agentRoom,
  PROTOCOL_VERSION,
  resultOfLine,
  type ChatMessage,
  type ChatSendAck,
  type ClientToServerEvents,
  type CommandResult,
  type HelloEvent,
  type ResultOfLine,
  type RoomHistoryAck,
  type RoomHistoryPayload,
  type ServerToClientEvents,
  type WireError,
} from '../../protocol/index.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ClientOptions {
  /** Milliseconds to wait for an ack before resending the same packet (same client id, so no duplicate). */
  ackTimeoutMs?: number;
  retries?: number;
  /** Passed through to socket.io-client, e.g. `{ reconnection: false }`. */
  socket?: Parameters<typeof io>[1];
}

/** A refused send or command, with the hub's code, sentence and usage line. */
export class SwitchboardError extends Error {
  readonly code: WireError['code'];
  readonly usage?: string;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'SwitchboardError';
    this.code = error.code;
    this.usage = error.usage;
  }
}

/** A client id for a send; resending with it never stores a second message. Works outside secure contexts too (a page on plain HTTP has no randomUUID). */
export function newClientId(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A typed client for bots, the CLI and tests. It remembers the last `seq` of each joined room and,
 * after a reconnect, joins again and replays what it missed as ordinary `chat:message` events.
 */
export class SwitchboardClient {
  readonly socket: HubSocket;
  hello: HelloEvent | null = null;
  private readonly lastSeq = new Map<string, number>();
  private readonly missedListeners = new Set<(m: ChatMessage) => void>();
  /**
   * Parcels the hub sends right after hello (those queued while nobody listened) can arrive
   * before the caller had a chance to listen: kept until the first `parcel:new` listener.
   */
  private earlyParcels: Parameters<ServerToClientEvents['parcel:new']>[0][] | null = [];

  private constructor(url: string, token: string, options: ClientOptions) {
    this.socket = io(url, {
      auth: { token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      ackTimeout: options.ackTimeoutMs ?? 10000,
      retries: options.retries ?? 3,
      ...options.socket,
    });
    this.socket.on('chat:message', (m) => this.track(m));
    this.socket.on('parcel:new', (e) => {
      if (this.earlyParcels && this.earlyParcels.length < 500) this.earlyParcels.push(e);
    });
    this.socket.on('hello', (h) => {
      const reconnect = this.hello !== null;
      this.hello = h;
      if (reconnect) void this.catchUp();
    });
  }

  /** Connects and resolves once the hub has said hello; rejects with the refusal (`unauthorized`, ...). */
  static connect(url: string, token: string, options: ClientOptions = {}): Promise<SwitchboardClient> {
    const client = new SwitchboardClient(url, token, options);
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        client.socket.off('hello', onHello);
        client.socket.disconnect();
        reject(err);
      };
      const onHello = () => {
        client.socket.off('connect_error', onError);
        resolve(client);
      };
      client.socket.once('connect_error', onError);
      client.socket.once('hello', onHello);
    });
  }

  get principal() {
    return this.hello?.principal ?? null;
  }

  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): this {
    this.socket.on(event, listener as never);
    if (event === 'parcel:new' && this.earlyParcels) {
      const early = this.earlyParcels;
      this.earlyParcels = null;
      for (const e of early) (listener as ServerToClientEvents['parcel:new'])(e);
    }
    return this;
  }

  off<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): this {
    this.socket.off(event, listener as never);
    return this;
  }

  /** Called with messages fetched after a reconnect, in order, as if they had arrived live. */
  onMissed(listener: (m: ChatMessage) => void): () => void {
    this.missedListeners.add(listener);
    return () => this.missedListeners.delete(listener);
  }

  /** Sends text (or a /command) and returns the ack, ok or not. */
  send(room: string, text: string, clientId: string = newClientId()): Promise<ChatSendAck> {
    return this.socket.emitWithAck('chat:send', { room, text, clientId });
  }

  /**
   * Runs a command and returns its result, or throws SwitchboardError. Without a room it runs in
   * the caller's own inbox (agent:<name>), where nobody else reads what it typed.
   */
  async command<L extends string>(line: L, room: string = agentRoom(this.principal!.name)): Promise<CommandResult<ResultOfLine<L>>> {
    const ack = await this.send(room, line.startsWith('/') ? line : `/${line}`);
    if (!ack.ok) throw new SwitchboardError(ack.error);
    return resultOfLine(line, ack.result!);
  }

  async join(room: string): Promise<ChatMessage[]> {
    const ack = await this.socket.emitWithAck('room:join', { room });
    if (!ack.ok) throw new SwitchboardError(ack.error);
    for (const m of ack.messages) this.track(m);
    if (!this.lastSeq.has(ack.room)) this.lastSeq.set(ack.room, 0);
    return ack.messages;
  }

  async leave(room: string): Promise<void> {
    const ack = await this.socket.emitWithAck('room:leave', { room });
    if (!ack.ok) throw new SwitchboardError(ack.error);
    this.lastSeq.delete(ack.room);
  }

  async history(page: RoomHistoryPayload): Promise<ChatMessage[]> {
    const ack: RoomHistoryAck = await this.socket.emitWithAck('room:history', page);
    if (!ack.ok) throw new SwitchboardError(ack.error);
    return ack.messages;
  }

  close(): void {
    this.socket.disconnect();
  }

  private track(m: ChatMessage): void {
    if (m.seq > (this.lastSeq.get(m.room) ?? 0)) this.lastSeq.set(m.room, m.seq);
  }

  private async catchUp(): Promise<void> {
    for (const [room, after] of this.lastSeq) {
      await this.socket.emitWithAck('room:join', { room });
      let cursor = after;
      for (;;) {
        const missed = await this.history({ room, after: cursor, limit: 200 });
        for (const m of missed) {
          this.track(m);
          for (const l of this.missedListeners) l(m);
        }
        if (missed.length < 200) break;
        cursor = missed[missed.length - 1]!.seq;
      }
    }
  }
}
