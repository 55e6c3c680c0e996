import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMMANDS } from './commands/index.js';
import { CommandRouter } from './commands/router.js';
import type { Database } from './db/connect.js';
import { createHttpApp } from './http/app.js';
import { wireAgentInit } from './hub/agent-init-hook.js';
import { ChatService, type Broadcast } from './hub/chat-service.js';
import { wireParcelDelivery } from './hub/parcel-delivery.js';
import { startLeaseKeeper } from './hub/lease-keeper.js';
import { useRedisAdapter } from './hub/redis-adapter.js';
import type { PresenceTracker } from './hub/presence-tracker.js';
import { createSocketServer, type HubServer } from './hub/socket-server.js';
import { log } from './logger.js';
import { McpHttpEndpoint } from './mcp/http-endpoint.js';
import { startMetricsServer, type MetricsAccess } from './http/metrics.js';
import { timeDatabaseOperations } from './db/command-timing.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, createServices, type Services } from './services/index.js';
import { upgradeMessageIds } from './services/message-ids-upgrade.js';
import { runUpgrades } from './services/upgrades.js';
import { importDocsOnFirstStart } from './services/docs-on-start.js';
import type { Clock } from './services/clock.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './services/rate-limits.js';
import { openRateLimits } from './hub/rate-limit-store.js';
import { taskScopedBroadcast } from './hub/task-scoped-broadcast.js';
import type { LoopGuardSettings } from './services/loop-guard.js';
import type { McpHttpOptions } from './mcp/http-endpoint.js';
import { DEFAULT_DUE_CHECK_MS, DueWork } from './hub/due-work.js';
import { hubActor } from './hub/hub-actor.js';
import { scheduleRunner } from './hub/scheduler.js';
import { RUNNER_SOCKETS } from './hub/runner-socket.js';

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

/** Wires services, router, chat, socket.io and HTTP on one port. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const rateLimits = await openRateLimits(options.rateLimits ?? DEFAULT_RATE_LIMITS, options.redisUrl, options.redisKey);
  const services = createServices(options.db.models, options.db.conn, {
    maxArtifactBytes: options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES,
    indexedIdLookups: options.db.indexedIdLookups,
    clock: options.clock,
    rateLimits: rateLimits.limits,
    loopGuard: options.loopGuard,
    runOutputBytes: options.runOutputBytes,
    deadlineMs: options.deadlineMs,
    databaseDown: options.db.downReason,
  });
  const router = new CommandRouter(COMMANDS);
  // Before anything reads history: messages of older versions get the ids history reads by.
  const upgraded = await upgradeMessageIds(options.db.models);
  if (upgraded) log.info({ event: 'message_ids_upgraded', count: upgraded }, `gave ${upgraded} stored messages their new ids`);
  await runUpgrades(options.db.models);
  let io: HubServer | undefined;
  // Events about a task carry its details to those who may read it, the board version to other agents.
  let scopedBroadcast: Broadcast | undefined;
  const chat = new ChatService(services, router, (rooms, event, payload) => (scopedBroadcast ??= taskScopedBroadcast(io!))(rooms, event, payload));
  const mcp = new McpHttpEndpoint({ services, chat, commands: COMMANDS }, { clock: options.clock, ...options.mcp });
  const app = createHttpApp(options.db, services, chat, COMMANDS, mcp.router(), options.metrics?.token);
  const http = createServer(app);
  const sockets = createSocketServer(http, services, chat);
  io = sockets.io;
  services.runs.onQueued = (run) => void io!.to(RUNNER_SOCKETS).emit('run:available', { run: run.id });
  const closeRedis = options.redisUrl ? await useRedisAdapter(io, options.redisUrl, options.redisKey) : async () => undefined;
  await sockets.presence.reconcile();
  wireAgentInit(services, chat, sockets.presence);
  wireParcelDelivery(services, sockets.presence);
  const leases = startLeaseKeeper(services, chat, options.leaseCheckMs);
  const dueWork = new DueWork(
    [
      { name: 'approval expiry', run: () => services.approvals.expireDue(hubActor(chat)) },
      scheduleRunner(services, chat),
      { name: 'run approval expiry', run: () => services.runs.expireApprovals(hubActor(chat)) },
      { name: 'run leases', run: () => services.runs.loseLapsed(hubActor(chat)) },
    ],
    services.clock,
    options.dueCheckMs ?? DEFAULT_DUE_CHECK_MS,
  );
  const stopDbTiming = timeDatabaseOperations(options.db, services.metrics);
  services.metrics.gauges({
    sockets: () => io!.engine.clientsCount,
    mcpSessions: () => mcp.sessions,
    agentsOnline: () => services.presence.agentsOnline(),
  });
  const metricsServer = options.metrics?.port != null ? await startMetricsServer(services.metrics, options.metrics.host ?? '127.0.0.1', options.metrics.port) : null;

  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on ${options.host} is taken by another program: stop it, or set PORT to a free port.`)
          : err,
      ),
    );
    http.listen(options.port, options.host, () => resolve());
  });
  if (options.docsDir) {
    // Docs that cannot be imported do not stop the hub: it says why, and /docs-import can retry.
    const stored = await importDocsOnFirstStart(services, hubActor(chat), options.docsDir).catch((err: unknown) => {
      log.error({ event: 'docs_import_failed' }, (err as Error).message);
      return 0;
    });
    if (stored) log.info({ event: 'docs_imported', files: stored }, `imported ${stored} docs from ${options.docsDir}`);
  }
  const { port } = http.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  services.links.baseUrl = options.publicUrl ?? url;
  dueWork.start();
  // Leftovers of uploads cut short by a crash; not awaited, start-up does not wait on cleaning.
  void services.artifacts.blobs.sweepOrphans().catch((err) => log.error({ event: 'artifact_sweep_failed' }, (err as Error).message));
  // Expired memory is hidden from every read anyway; this only frees the space.
  void services.memory.sweepExpired().catch((err) => log.error({ event: 'memory_sweep_failed' }, (err as Error).message));
  return {
    url,
    port,
    io,
    presence: sockets.presence,
    chat,
    services,
    router,
    mcp,
    dueWork,
    metricsUrl: metricsServer?.url ?? null,
    async close() {
      await dueWork.stop();
      await leases.stop();
      stopDbTiming();
      await metricsServer?.close();
      await mcp.close();
      await new Promise<void>((resolve) => io!.close(() => resolve()));
      http.closeAllConnections();
      await sockets.presence.idle();
      await closeRedis();
      await rateLimits.close();
    },
  };
}
