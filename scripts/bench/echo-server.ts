import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';

/** What a bench client sends: the shape of `chat:send`, so both sides move the same bytes. */
export interface EchoPayload {
  room: string;
  text: string;
  clientId: string;
}

interface EchoClientToServer {
  echo(payload: EchoPayload, ack: (reply: { ok: true; echo: EchoPayload }) => void): void;
}
type EchoServerToClient = Record<string, never>;

export type EchoSocket = Socket<EchoServerToClient, EchoClientToServer>;

export interface EchoBench {
  url: string;
  clients: EchoSocket[];
  close(): Promise<void>;
}

function connectOne(url: string, timeoutMs: number): Promise<EchoSocket> {
  const socket: EchoSocket = io(url, { transports: ['websocket'], reconnection: false, ackTimeout: timeoutMs, retries: 0 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/**
 * The ceiling of the transport: a bare socket.io server on its own loopback port that acks
 * every packet with what it got. No auth, no router, no database.
 */
export async function startEchoBench(clients: number, timeoutMs: number): Promise<EchoBench> {
  const http = createServer();
  const server = new Server<EchoClientToServer, EchoServerToClient>(http, { serveClient: false });
  server.on('connection', (socket) => {
    socket.on('echo', (payload, ack) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: EchoSocket[] = [];
  const close = async () => {
    for (const s of sockets) s.disconnect();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    http.closeAllConnections();
  };
  try {
    for (let i = 0; i < clients; i++) sockets.push(await connectOne(url, timeoutMs));
  } catch (err) {
    await close();
    throw err;
  }
  return { url, clients: sockets, close };
}

export async function echoOnce(socket: EchoSocket, payload: EchoPayload): Promise<void> {
  const reply = await socket.emitWithAck('echo', payload);
  if (!reply.ok) throw new Error('echo refused');
}
