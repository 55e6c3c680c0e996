import { randomBytes } from 'node:crypto';
import { SwitchboardClient } from '../../client/sdk/index.js';
import type { Database } from '../../server/db/connect.js';
import { sprintRoom, taskRoom } from '../../protocol/index.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { NO_RATE_LIMITS } from '../../server/services/rate-limits.js';

export const BENCH_SPRINT = 'BENCH';
export const SHARED_ROOM = sprintRoom(BENCH_SPRINT);
export const taskCode = (i: number) => `T-BENCH-${i}`;
export const taskRoomOf = (i: number) => taskRoom(taskCode(i));

export interface BenchHub {
  hub: RunningHub;
  /** One connected member per slot, each with a task `T-BENCH-<i>` whose room it has joined. */
  clients: SwitchboardClient[];
  /** Each member's bearer token, by slot (for the HTTP endpoints). */
  tokens: string[];
  /** The admin's token, for phases that set up more (agents). */
  adminToken: string;
  /** Counts `chat:message` events all bench clients received. */
  received(): number;
  close(): Promise<void>;
}

/** How every bench client connects: acks time out as a request does, and nothing is resent or reconnected. */
export const benchClientOptions = (timeoutMs: number) => ({ ackTimeoutMs: timeoutMs, retries: 0, socket: { reconnection: false } });

/**
 * A hub on a free loopback port over `db`, set up as a user would: the admin creates the sprint,
 * one task per client and one member token per client through real commands, then every member
 * connects with the SDK and joins its task room. The SDK's resend is off (`retries: 0`): with
 * resends on, socket.io-client queues a socket's packets one at a time, and a lost ack should
 * count as an error here, not as a slow success.
 */
export async function startBenchHub(db: Database, clients: number, timeoutMs: number): Promise<BenchHub> {
  // No rate limits: the phases measure how fast the hub goes, not where it says stop (flood.ts does).
  const hub = await startHub({ db, port: 0, host: '127.0.0.1', rateLimits: NO_RATE_LIMITS });
  const connected: SwitchboardClient[] = [];
  const adminToken = `sbt_bench_${randomBytes(12).toString('hex')}`;
  const tokens: string[] = [];
  let received = 0;
  const close = async () => {
    for (const c of connected) c.close();
    await hub.close();
  };
  try {
    await hub.services.tokens.ensureAdminToken(adminToken);
    const clientOptions = benchClientOptions(timeoutMs);
    const admin = await SwitchboardClient.connect(hub.url, adminToken, clientOptions);
    connected.push(admin);
    await admin.command(`/sprints-create ${BENCH_SPRINT} --title="Benchmark sprint"`);
    for (let i = 0; i < clients; i++) {
      await admin.command(`/task-create ${taskCode(i)} --title="Benchmark task ${i}" --sprint=${BENCH_SPRINT}`);
      const issued = await admin.command(`/token-create @bench-${i} --kind=person`, 'agent:admin');
      tokens.push(issued.data.token);
    }
    admin.close();
    connected.length = 0;
    for (const [i, token] of tokens.entries()) {
      const client = await SwitchboardClient.connect(hub.url, token, clientOptions);
      connected.push(client);
      client.on('chat:message', () => void received++);
      await client.join(taskRoomOf(i));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { hub, clients: connected, tokens, adminToken, received: () => received, close };
}
