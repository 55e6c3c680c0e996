import { resolveAdminToken } from './admin-token.js';
import { loadConfig } from './config.js';
import { openDatabase, redactUri, type Database } from './db/connect.js';
import { withDeadline } from './deadline.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded/index.js';
import { startHub, type RunningHub } from './hub.js';

/** How long each step of a shutdown (hub, connection, each database process) may take before it is cut short. */
const STOP_STEP_MS = 1500;

/** `npm start`: the embedded database (or MONGODB_URI), the admin token, then the hub. */
async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let db: Database | null = null;
  let hub: RunningHub | null = null;
  let lock: { release(): void } | null = null;

  let stopping = false;
  // Each step of stopping waits this long at most: a stalled database cannot hold the hub up.
  const step = (work: Promise<unknown> | undefined) => (work ? withDeadline(work, STOP_STEP_MS).catch(() => undefined) : undefined);
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await step(hub?.close());
    await step(db?.close());
    await embedded?.stop(STOP_STEP_MS).catch(() => undefined);
    lock?.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    if (config.mongodbUri) {
      db = await openDatabase(config.mongodbUri, config.dbName);
    } else {
      lock = lockDataDir(config.dataDir);
      embedded = await startEmbeddedDatabase(config.dataDir, { backend: config.embeddedDb, postgresUrl: config.postgresUrl });
      db = await openDatabase(embedded.uri, config.dbName, { downReason: embedded.downReason });
    }
    const admin = resolveAdminToken(config.adminToken, config.dataDir);
    hub = await startHub({
      db,
      port: config.port,
      host: config.host,
      redisUrl: config.redisUrl,
      maxArtifactBytes: config.maxArtifactBytes,
      publicUrl: config.publicUrl,
      rateLimits: config.rateLimits,
      loopGuard: config.loopGuard,
      mcp: { sessionsPerToken: config.mcpSessionsPerToken, idleMs: config.mcpIdleMinutes * 60_000 },
      metrics: config.metrics,
      deadlineMs: config.deadlineMs,
      docsDir: config.docsDir,
    });
    await hub.services.tokens.ensureAdminToken(admin.token);

    console.log(`Switchboard is up on ${hub.url}`);
    console.log(`  database: ${embedded ? `embedded FerretDB on 127.0.0.1:${embedded.port}, ${embedded.store}` : redactUri(config.mongodbUri!)}`);
    if (admin.source === 'new') {
      console.log(`  admin token (shown once, also saved in ${admin.file}): ${admin.token}`);
    } else {
      console.log(`  admin token: ${admin.source === 'env' ? 'from ADMIN_TOKEN' : `in ${admin.file}`}`);
    }
    if (hub.metricsUrl) console.log(`  metrics: ${hub.metricsUrl}`);
    else if (config.metrics.token) console.log(`  metrics: ${hub.url}/metrics with Authorization: Bearer <METRICS_TOKEN>`);
    console.log(`  connect: socket.io-client to ${hub.url} with auth { token }, or POST ${hub.url}/api/commands with Authorization: Bearer <token>`);
  } catch (err) {
    console.error(`switchboard: ${(err as Error).message}`);
    await stop(1);
  }
}

void main();
