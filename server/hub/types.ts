import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, PrincipalWithRole, RoomName, ServerToClientEvents } from '../../protocol/index.js';
import type { CommandRouter } from '../commands/router.js';
import type { Database } from '../db/connect.js';
import type { MetricsAccess } from '../http/metrics.js';
import type { McpHttpEndpoint, McpHttpOptions } from '../mcp/http-endpoint.js';
import type { ChatService } from '../chat/chat-service.js';
import type { Clock } from '../services/clock.js';
import type { Services } from '../services/index.js';
import type { LoopGuardSettings } from '../services/loop-guard.js';
import type { RateLimitSettings } from '../services/rate-limits.js';
import type { DueWork } from './due-work.js';
import type { PresenceTracker } from './presence-tracker.js';

export interface HubOptions {
  db: Database;
  port: number;
  host: string;
  redisUrl?: string | null;
  /** Redis channel prefix; hubs that serve one deployment share it. */
  redisKey?: string;
  maxArtifactBytes?: number;
  publicUrl?: string | null;
  /** How often claimed tasks' leases are renewed or lapsed, in ms (5s when absent). */
  leaseCheckMs?: number;
  /** Where services read the time (tests pass a ManualClock). */
  clock?: Clock;
  /** Request limits (DEFAULT_RATE_LIMITS when absent); in Redis when `redisUrl` is set. */
  rateLimits?: RateLimitSettings;
  /** MCP session cap per token and idle expiry. */
  mcp?: McpHttpOptions;
  /** When two agents answering each other are paused (DEFAULT_LOOP_GUARD when absent; null: never). */
  loopGuard?: LoopGuardSettings | null;
  /** How often expiring approvals and scheduled commands are looked at, in ms (15s when absent). */
  dueCheckMs?: number;
  /** Output kept per run, in bytes (8 MiB when absent). */
  runOutputBytes?: number;
  /** Longest wait on the database before a request is answered `unavailable` (10 s when absent). */
  deadlineMs?: number;
  /** Prometheus /metrics: behind a token on this port, or on a loopback port of its own. */
  metrics?: MetricsAccess;
  /** A folder of markdown imported as project documentation on the first start (none when absent). */
  docsDir?: string | null;
}

export interface RunningHub {
  url: string;
  port: number;
  io: HubServer;
  presence: PresenceTracker;
  chat: ChatService;
  services: Services;
  router: CommandRouter;
  /** MCP over Streamable HTTP at /mcp. */
  mcp: McpHttpEndpoint;
  /** Approvals expiring and scheduled commands: run on a timer and whenever the clock is moved. */
  dueWork: DueWork;
  /** The separate metrics listener's address, when METRICS_PORT asked for one. */
  metricsUrl: string | null;
  /** Stops accepting, disconnects clients, closes Redis. The database belongs to the caller. */
  close(): Promise<void>;
}

export interface SocketData {
  principal: PrincipalWithRole;
  /** The token record it connected with: revoking it closes the socket. */
  tokenId: string;
  /** Requests being answered, and whether the token was revoked meanwhile (closed when they are). */
  inFlight?: number;
  revoked?: boolean;
}

export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Sends an event to the sockets in `rooms` (each once), under the task read rule. */
export type Broadcast = <E extends keyof ServerToClientEvents>(rooms: RoomName[], event: E, payload: Parameters<ServerToClientEvents[E]>[0]) => void;

/**
 * Answers one socket request: runs `work` on the payload and acks its result, or the error; with
 * `limited`, the request counts against the rate limits first.
 */
export type Answer = <T>(payload: unknown, ack: unknown, work: (payload: unknown) => Promise<T>, limited?: boolean) => void;
