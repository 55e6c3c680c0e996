import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMMANDS } from './commands/index.js';
import { CommandRouter } from './commands/router.js';
import { createHttpApp } from './http/app.js';
import { wireAgentInit } from './hub/agent-init-hook.js';
import { ChatService } from './chat/chat-service.js';
import { createHooks } from './hooks.js';
import { wireParcelDelivery } from './hub/parcel-delivery.js';
import { startLeaseKeeper } from './hub/lease-keeper.js';
import { useRedisAdapter } from './hub/redis-adapter.js';
import { createSocketIo, serveSockets } from './hub/socket-server.js';
import type { HubOptions, RunningHub } from './hub/types.js';
import { log } from './logger.js';
import { McpHttpEndpoint } from './mcp/http-endpoint.js';
import { startMetricsServer } from './http/metrics.js';
import { timeDatabaseOperations } from './db/command-timing.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, createServices } from './services/index.js';
import { upgradeMessageIds } from './services/message-ids-upgrade.js';
import { runUpgrades } from './services/upgrades.js';
import { importDocsOnFirstStart } from './services/docs-on-start.js';
import { DEFAULT_RATE_LIMITS } from './services/rate-limits.js';
import { openRateLimits } from './hub/rate-limit-store.js';
import { taskScopedBroadcast } from './hub/task-scoped-broadcast.js';
import { DEFAULT_DUE_CHECK_MS, DueWork } from './hub/due-work.js';
import { hubActor } from './hub/hub-actor.js';
import { scheduleRunner } from './hub/scheduler.js';
import { RUNNER_SOCKETS } from './hub/runner-socket.js';

export type { HubOptions, RunningHub } from './hub/types.js';

/** Wires services, router, chat, socket.io and HTTP on one port. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  // What the services are given when built: the hooks they raise, the socket server the hub
  // speaks through (attached to the HTTP server once the app is), and the HTTP server, whose
  // address links point to once it listens.
  const hooks = createHooks();
  const rateLimits = await openRateLimits(options.rateLimits ?? DEFAULT_RATE_LIMITS, hooks, options.redisUrl, options.redisKey);
  const http = createServer();
  const io = createSocketIo();
  const services = createServices(options.db.models, options.db.conn, {
    hooks,
    // Events about a task carry its details to those who may read it, the board version to other agents.
    broadcast: taskScopedBroadcast(io),
    baseUrl: () => options.publicUrl ?? listeningUrl(http, options.host) ?? '',
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
  const chat = new ChatService(services, router);
  const mcp = new McpHttpEndpoint({ services, chat, commands: COMMANDS }, { clock: options.clock, ...options.mcp });
  // The app first: socket.io, attached after it, hands it every request not for /socket.io.
  http.on('request', createHttpApp(options.db, services, chat, COMMANDS, mcp.router(), options.metrics?.token));
  io.attach(http);
  const presence = serveSockets(io, services, chat, hooks);
  hooks.on('run:queued', ({ run }) => void io.to(RUNNER_SOCKETS).emit('run:available', { run: run.id }));
  wireAgentInit(services, hooks);
  wireParcelDelivery(services, hooks);
  const closeRedis = options.redisUrl ? await useRedisAdapter(io, options.redisUrl, options.redisKey) : async () => undefined;
  if (options.redisUrl) {
    // Each hub keeps copies of tasks (see TaskCache): a write here makes the others forget theirs.
    hooks.on('task:written', ({ code }) => void io.serverSideEmit('task:written', code));
    io.on('task:written', (code) => services.tasks.cache.forget(code));
    // And of tokens found valid (see KnownTokens): a revocation here makes the others forget them.
    hooks.on('token:revoked', ({ tokenIds }) => void io.serverSideEmit('token:revoked', tokenIds));
    io.on('token:revoked', (tokenIds) => services.tokens.known.forget(tokenIds));
  }
  await presence.reconcile();
  // Notes a stopped hub took and did not fold: in their tasks before anyone reads them here.
  await services.tasks.notes.adoptAll();
  const leases = startLeaseKeeper(services, chat, options.leaseCheckMs);
  const dueWork = new DueWork(
    [
      { name: 'approval expiry', run: () => services.approvals.expireDue(hubActor(chat)) },
      scheduleRunner(services, chat),
      { name: 'run approval expiry', run: () => services.runs.expireApprovals(hubActor(chat)) },
      { name: 'run leases', run: () => services.runs.loseLapsed(hubActor(chat)) },
      { name: 'task notes left unfolded', run: () => services.tasks.notes.adoptOrphans() },
    ],
    services.clock,
    options.dueCheckMs ?? DEFAULT_DUE_CHECK_MS,
  );
  const stopDbTiming = timeDatabaseOperations(options.db, services.metrics);
  services.metrics.gauges({
    sockets: () => io.engine.clientsCount,
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
  dueWork.start();
  // Leftovers of uploads cut short by a crash; not awaited, start-up does not wait on cleaning.
  void services.artifacts.blobs.sweepOrphans().catch((err) => log.error({ event: 'artifact_sweep_failed' }, (err as Error).message));
  // Expired memory is hidden from every read anyway; this only frees the space.
  void services.memory.sweepExpired().catch((err) => log.error({ event: 'memory_sweep_failed' }, (err as Error).message));
  return {
    url,
    port,
    io,
    presence,
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
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // Nothing can add a note now: what is held goes into the tasks before the database closes.
      await services.tasks.notes.close().catch((err: Error) => log.error({ event: 'task_notes_close_failed' }, err.message));
      http.closeAllConnections();
      await presence.idle();
      await closeRedis();
      await rateLimits.close();
    },
  };
}

/** The address `http` listens on, or null before it listens. */
function listeningUrl(http: HttpServer, host: string): string | null {
  const address = http.address() as AddressInfo | null;
  return address ? `http://${host}:${address.port}` : null;
}
