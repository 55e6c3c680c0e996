import { randomBytes } from 'node:crypto';
import type { PrincipalKind, Role } from '../../protocol/index.js';
import { SwitchboardClient, type ClientOptions } from '../../client/sdk/index.js';
import { openDatabase, type Database } from '../../server/db/connect.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import type { McpHttpOptions } from '../../server/mcp/http-endpoint.js';
import type { Clock } from '../../server/services/clock.js';
import { NO_RATE_LIMITS, type RateLimitSettings } from '../../server/services/rate-limits.js';
import type { LoopGuardSettings } from '../../server/services/loop-guard.js';
import type { MetricsAccess } from '../../server/http/metrics.js';
import { testDatabaseUri } from './database.js';

export interface TestHub {
  hub: RunningHub;
  db: Database;
  url: string;
  adminToken: string;
  /** A connected client; the admin's unless a token is given. */
  connect(token?: string, options?: ClientOptions): Promise<SwitchboardClient>;
  /** Issues a token through the real /token-create command, as the admin. */
  tokenFor(name: string, kind: PrincipalKind, role?: Role): Promise<string>;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  dbName?: string;
  redisUrl?: string;
  redisKey?: string;
  maxArtifactBytes?: number;
  leaseCheckMs?: number;
  clock?: Clock;
  rateLimits?: RateLimitSettings;
  mcp?: McpHttpOptions;
  loopGuard?: LoopGuardSettings | null;
  uri?: string;
  keepDatabase?: boolean;
  metrics?: MetricsAccess;
  runOutputBytes?: number;
  dueCheckMs?: number;
  docsDir?: string;
}

/**
 * The hub of one `describe`: started in its before() and stopped in its after(). Read its fields
 * from hooks and tests; `options` may be a function for values made by earlier hooks.
 */
export function withTestHub(options: TestHubOptions | (() => TestHubOptions) = {}): TestHub {
  let running: TestHub | null = null;
  before(async () => {
    running = await startTestHub(typeof options === 'function' ? options() : options);
  });
  after(async () => {
    await running?.stop();
    running = null;
  });
  return hubOfHooks(() => running);
}

/** The two hubs of one `describe` (see startTwoHubs), started in its before() and stopped in its after(). */
export function withTwoHubs(options: Omit<TestHubOptions, 'dbName' | 'keepDatabase'> = {}): [TestHub, TestHub] {
  let running: [TestHub, TestHub] | null = null;
  before(async () => {
    running = await startTwoHubs(options);
  });
  after(async () => {
    // The second drops the database: it stops last.
    await running?.[0].stop();
    await running?.[1].stop();
    running = null;
  });
  return [hubOfHooks(() => running?.[0] ?? null), hubOfHooks(() => running?.[1] ?? null)];
}

/** A TestHub that reads the hub its hooks started, failing clearly outside them. */
function hubOfHooks(current: () => TestHub | null): TestHub {
  const up = (): TestHub => {
    const running = current();
    if (!running) throw new Error('The test hub is not up: use it in a hook or a test of its describe.');
    return running;
  };
  return {
    get hub() {
      return up().hub;
    },
    get db() {
      return up().db;
    },
    get url() {
      return up().url;
    },
    get adminToken() {
      return up().adminToken;
    },
    connect: (token, opts) => up().connect(token, opts),
    tokenFor: (name, kind, role) => up().tokenFor(name, kind, role),
    stop: () => up().stop(),
  };
}

/** A real hub on a free port, on its own fresh database. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await openDatabase(options.uri ?? testDatabaseUri(), options.dbName ?? `sbtest_${randomBytes(6).toString('hex')}`);
  const hub = await startHub({
    db,
    port: 0,
    host: '127.0.0.1',
    redisUrl: options.redisUrl,
    redisKey: options.redisKey,
    maxArtifactBytes: options.maxArtifactBytes,
    leaseCheckMs: options.leaseCheckMs,
    clock: options.clock,
    // The suite drives the hub at script speed; rate-limits.test.ts and the fuzz choose their own.
    rateLimits: options.rateLimits ?? NO_RATE_LIMITS,
    mcp: options.mcp,
    loopGuard: options.loopGuard,
    metrics: options.metrics,
    runOutputBytes: options.runOutputBytes,
    dueCheckMs: options.dueCheckMs,
    docsDir: options.docsDir,
  });
  const adminToken = `sbt_test_${randomBytes(12).toString('hex')}`;
  await hub.services.tokens.ensureAdminToken(adminToken);
  const clients: SwitchboardClient[] = [];
  const connect = async (token = adminToken, opts?: ClientOptions) => {
    const c = await SwitchboardClient.connect(hub.url, token, opts);
    clients.push(c);
    return c;
  };
  return {
    hub,
    db,
    url: hub.url,
    adminToken,
    connect,
    async tokenFor(name, kind, role) {
      const admin = await connect();
      const result = await admin.command(`/token-create @${name} --kind=${kind}${role ? ` --role=${role}` : ''}`, 'agent:admin');
      admin.close();
      return result.data.token;
    },
    async stop() {
      for (const c of clients) c.close();
      await hub.close();
      if (!options.keepDatabase) await db.conn.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

/**
 * Two hubs on one fresh database (with Redis between them when `options.redisUrl` is given), as
 * two hubs of one deployment; the second drops the database when it stops, so stop it last.
 */
export async function startTwoHubs(options: Omit<TestHubOptions, 'dbName' | 'keepDatabase'> = {}): Promise<[TestHub, TestHub]> {
  const dbName = `sbtest_two_${randomBytes(6).toString('hex')}`;
  const first = await startTestHub({ ...options, dbName, keepDatabase: true });
  const second = await startTestHub({ ...options, dbName });
  return [first, second];
}
