import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS, parseRateLimit, type RateLimitSettings } from './services/rate-limits.js';
import { DEFAULT_DEADLINE_MS } from './deadline.js';
import { parseLoopGuard, type LoopGuardSettings } from './services/loop-guard.js';

/** Everything the hub reads from the environment, read once at start. */
export interface HubConfig {
  port: number;
  host: string;
  /** Unset: the hub starts the embedded FerretDB under `dataDir`. */
  mongodbUri: string | null;
  /** What the embedded FerretDB stores in: a private PostgreSQL (default) or SQLite files. */
  embeddedDb: 'postgresql' | 'sqlite';
  /** A PostgreSQL server for the embedded FerretDB instead of the private one (several hubs share it). */
  postgresUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  adminToken: string | null;
  /** Database name used on `mongodbUri`. */
  dbName: string;
  /** Largest artifact upload, in bytes. */
  maxArtifactBytes: number;
  /** Base of the links the hub hands out (downloads); defaults to http://HOST:PORT. */
  publicUrl: string | null;
  /** RATE_LIMIT_SOCKET_CONNECTION, RATE_LIMIT_SOCKET, RATE_LIMIT_HTTP, RATE_LIMIT_MCP: POINTS/SECONDS or off. */
  rateLimits: RateLimitSettings;
  /** MCP_SESSIONS_PER_TOKEN: open MCP sessions one token may hold. */
  mcpSessionsPerToken: number;
  /** MCP_IDLE_MINUTES: an MCP session with no request and no open stream is closed after this long. */
  mcpIdleMinutes: number;
  /** LOOP_GUARD (MESSAGES/SECONDS or off) and LOOP_PAUSE_MINUTES: when two agents talking to each other are paused. */
  loopGuard: LoopGuardSettings | null;
  /** DB_DEADLINE_MS: longest wait on the database before a request is answered `unavailable`. */
  deadlineMs: number;
  /** Prometheus metrics: `METRICS_TOKEN` guards GET /metrics on PORT; `METRICS_PORT` serves it tokenless on METRICS_HOST (127.0.0.1). */
  metrics: { token: string | null; port: number | null; host: string };
  /** DOCS_DIR: markdown imported as project docs on the first start; this checkout's docs/ by default, `off` for none. */
  docsDir: string | null;
}

/** The docs/ folder of this checkout (config.js is in dist/server/). */
const OWN_DOCS = fileURLToPath(new URL('../../docs', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    mongodbUri: env.MONGODB_URI || null,
    embeddedDb: embeddedDb(env.EMBEDDED_DB),
    postgresUrl: env.POSTGRES_URL || null,
    dataDir: resolve(env.DATA_DIR || './data'),
    redisUrl: env.REDIS_URL || null,
    adminToken: env.ADMIN_TOKEN || null,
    dbName: env.DB_NAME || 'switchboard',
    maxArtifactBytes: positiveInt(env.MAX_ARTIFACT_BYTES, 'MAX_ARTIFACT_BYTES') ?? 100 * 1024 * 1024,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    rateLimits: {
      socketPerConnection: parseRateLimit(env.RATE_LIMIT_SOCKET_CONNECTION, 'RATE_LIMIT_SOCKET_CONNECTION', DEFAULT_RATE_LIMITS.socketPerConnection),
      socketPerPrincipal: parseRateLimit(env.RATE_LIMIT_SOCKET, 'RATE_LIMIT_SOCKET', DEFAULT_RATE_LIMITS.socketPerPrincipal),
      httpPerPrincipal: parseRateLimit(env.RATE_LIMIT_HTTP, 'RATE_LIMIT_HTTP', DEFAULT_RATE_LIMITS.httpPerPrincipal),
      mcpPerPrincipal: parseRateLimit(env.RATE_LIMIT_MCP, 'RATE_LIMIT_MCP', DEFAULT_RATE_LIMITS.mcpPerPrincipal),
    },
    mcpSessionsPerToken: positiveInt(env.MCP_SESSIONS_PER_TOKEN, 'MCP_SESSIONS_PER_TOKEN') ?? 8,
    mcpIdleMinutes: positiveInt(env.MCP_IDLE_MINUTES, 'MCP_IDLE_MINUTES') ?? 10,
    loopGuard: parseLoopGuard(env.LOOP_GUARD, env.LOOP_PAUSE_MINUTES),
    deadlineMs: positiveInt(env.DB_DEADLINE_MS, 'DB_DEADLINE_MS') ?? DEFAULT_DEADLINE_MS,
    metrics: { token: env.METRICS_TOKEN || null, port: positiveInt(env.METRICS_PORT, 'METRICS_PORT'), host: env.METRICS_HOST || '127.0.0.1' },
    docsDir: env.DOCS_DIR === 'off' ? null : resolve(env.DOCS_DIR || OWN_DOCS),
  };
}

function positiveInt(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

function embeddedDb(raw: string | undefined): 'postgresql' | 'sqlite' {
  if (raw === undefined || raw === '' || raw === 'postgresql') return 'postgresql';
  if (raw === 'sqlite') return 'sqlite';
  throw new Error(`EMBEDDED_DB must be postgresql or sqlite, got "${raw}"`);
}
