import { createHash, randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { clip } from '../errors.js';
import { bearerAuth } from '../http/bearer.js';
import { systemClock, type Clock } from '../services/clock.js';
import { InProcessHubPort, type InProcessDeps } from './in-process-port.js';
import { createMcpSession, type McpSession } from './server.js';

interface Live {
  transport: StreamableHTTPServerTransport;
  session: McpSession;
  /** Only the principal that opened a session may use it, whatever session id another presents. */
  principalId: string;
  /** A hash of the bearer token that opened it: the session cap counts per token. */
  tokenKey: string;
  lastSeen: number;
  /** Open GET streams: while one is open the client is there, however long it stays quiet. */
  streams: number;
}

export interface McpHttpOptions {
  /** A session with no request and no open stream for this long is closed (its client is gone); 10 minutes when absent. */
  idleMs?: number;
  /** Open sessions one token may hold; an initialize past it is refused (8 when absent). */
  sessionsPerToken?: number;
  /** Where idleness is measured; a manual clock's advance runs the sweep at once. */
  clock?: Clock;
}

export const DEFAULT_MCP_IDLE_MS = 10 * 60_000;
export const DEFAULT_MCP_SESSIONS_PER_TOKEN = 8;

// Messages may quote what the caller sent (a parse error, a header): never kilobytes of it.
const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0' as const, error: { code, message: clip(message, 300) }, id: null });

const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex');

/** This hub, on the address the request reached it by (a bind to 0.0.0.0 has no address to dial). */
function sameHub(req: Request): string {
  let host = req.socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice('::ffff:'.length);
  return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
}

/** `?tools=all` or `X-Switchboard-Tools: all` on the initialize: the session lists every command. */
export const wantsAllTools = (req: Request) => req.query.tools === 'all' || req.get('x-switchboard-tools') === 'all';

const bearerToken = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')![1]!;

/**
 * Streamable HTTP at `/mcp` with the bearer token: one stateful MCP session per `initialize`,
 * keyed by its Mcp-Session-Id, acting as the token's principal through the hub's own ChatService.
 * POST carries requests, GET opens the stream of notifications, DELETE ends the session.
 */
export class McpHttpEndpoint {
  private readonly live = new Map<string, Live>();
  private readonly idleMs: number;
  private readonly perToken: number;
  private readonly clock: Clock;
  private readonly sweeper: NodeJS.Timeout;
  private readonly stopClock: () => void;

  constructor(
    private readonly deps: InProcessDeps,
    options: McpHttpOptions = {},
  ) {
    this.idleMs = options.idleMs ?? DEFAULT_MCP_IDLE_MS;
    this.perToken = options.sessionsPerToken ?? DEFAULT_MCP_SESSIONS_PER_TOKEN;
    this.clock = options.clock ?? systemClock;
    // Clients rarely say goodbye (DELETE); without this their sessions would keep them online forever.
    this.sweeper = setInterval(() => void this.closeIdle(), Math.min(this.idleMs / 4, 60_000)).unref();
    this.stopClock = this.clock.onAdvance(() => void this.closeIdle());
  }

  get sessions(): number {
    return this.live.size;
  }

  router(): express.Router {
    const router = express.Router();
    router.use(bearerAuth(this.deps.services, 'mcp'));
    router.post('/', express.json({ limit: '4mb' }), (req, res) => this.post(req, res));
    router.get('/', (req, res) => this.existing(req, res));
    router.delete('/', (req, res) => this.existing(req, res));
    // Malformed JSON, oversize bodies and anything else thrown, as JSON-RPC errors.
    router.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return void res.end();
      const status = err.status ?? 500;
      res.status(status).json(rpcError(status === 400 ? -32700 : -32603, status < 500 ? err.message : 'Internal error'));
    });
    return router;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopClock();
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(all.map((l) => l.session.close()));
  }

  private async post(req: Request, res: Response): Promise<void> {
    if (req.get('mcp-session-id')) return this.existing(req, res);
    if (!isInitializeRequest(req.body)) {
      res.status(400).json(rpcError(-32000, 'Bad Request: send initialize first, then the Mcp-Session-Id it returns.'));
      return;
    }
    const principal = req.principal!;
    const key = tokenKey(bearerToken(req));
    const open = [...this.live.values()].filter((l) => l.tokenKey === key).length;
    if (open >= this.perToken) {
      res
        .status(429)
        .json(rpcError(-32000, `This token already holds ${open} MCP sessions (at most ${this.perToken}): end one (DELETE /mcp with its Mcp-Session-Id) or wait for idle ones to expire.`));
      return;
    }
    const port = await InProcessHubPort.open(this.deps, principal, sameHub(req), bearerToken(req));
    const session = await createMcpSession(port, { full: wantsAllTools(req) }).catch(async (err: unknown) => {
      await port.close(); // no session holds the connection: the principal must not stay online
      throw err;
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void this.live.set(id, { transport, session, principalId: principal.id, tokenKey: key, lastSeen: this.clock.now().getTime(), streams: 0 }),
    });
    session.server.onclose = () => {
      if (transport.sessionId) this.live.delete(transport.sessionId);
      void session.close();
    };
    await session.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    // An initialize the transport refused opened no session: nothing may stay connected for it.
    if (!transport.sessionId || !this.live.has(transport.sessionId)) await session.close();
  }

  private async existing(req: Request, res: Response): Promise<void> {
    const id = req.get('mcp-session-id');
    if (!id) {
      res.status(400).json(rpcError(-32000, 'Bad Request: no Mcp-Session-Id header; send initialize first.'));
      return;
    }
    const live = this.live.get(id);
    if (!live || live.principalId !== req.principal!.id) {
      res.status(404).json(rpcError(-32001, 'Session not found: initialize a new one.'));
      return;
    }
    live.lastSeen = this.clock.now().getTime();
    if (req.method === 'GET') {
      live.streams++;
      res.once('close', () => {
        live.streams--;
        live.lastSeen = this.clock.now().getTime();
      });
    }
    await live.transport.handleRequest(req, res, req.body);
  }

  /** Closes the sessions with no open stream and no request for `idleMs`; returns how many. */
  async closeIdle(idleMs = this.idleMs): Promise<number> {
    const now = this.clock.now().getTime();
    const idle = [...this.live].filter(([, live]) => live.streams === 0 && now - live.lastSeen >= idleMs);
    for (const [id] of idle) this.live.delete(id);
    await Promise.allSettled(idle.map(([, live]) => live.session.close()));
    return idle.length;
  }
}
