import { resolve } from 'node:path';

/** Everything the hub reads from the environment, read once at start. */
export interface HubConfig {
  port: number;
  host: string;
  /** Unset: the hub starts the embedded FerretDB under `dataDir`. */
  mongodbUri: string | null;
  dataDir: string;
  redisUrl: string | null;
  adminToken: string | null;
  /** Database name used on `mongodbUri`. */
  dbName: string;
  /** Largest artifact upload, in bytes. */
  maxArtifactBytes: number;
  /** Base of the links the hub hands out (downloads); defaults to http://HOST:PORT. */
  publicUrl: string | null;
  /** Prometheus metrics: `METRICS_TOKEN` guards GET /metrics on PORT; `METRICS_PORT` serves it tokenless on METRICS_HOST (127.0.0.1). */
  metrics: { token: string | null; port: number | null; host: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    mongodbUri: env.MONGODB_URI || null,
    dataDir: resolve(env.DATA_DIR || './data'),
    redisUrl: env.REDIS_URL || null,
    adminToken: env.ADMIN_TOKEN || null,
    dbName: env.DB_NAME || 'switchboard',
    maxArtifactBytes: positiveInt(env.MAX_ARTIFACT_BYTES, 'MAX_ARTIFACT_BYTES') ?? 100 * 1024 * 1024,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    metrics: { token: env.METRICS_TOKEN || null, port: positiveInt(env.METRICS_PORT, 'METRICS_PORT'), host: env.METRICS_HOST || '127.0.0.1' },
  };
}

function positiveInt(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}
