import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import type { ChatMessage } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { startFerretdb, type EmbeddedFerretdb } from '../../server/db/embedded/ferretdb.js';
import { record } from '../support/events.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// The machine's PostgreSQL and Redis (started before the session on these machines); the test
// makes a database of its own there and drops it at the end.
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    return `no PostgreSQL at ${POSTGRES_ADMIN_URL} (${(err as Error).message})`;
  }
  const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  try {
    await redis.connect();
    await redis.quit();
  } catch (err) {
    return `no Redis at ${REDIS_URL} (${(err as Error).message})`;
  }
  return null;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A deployment of several hubs: two hubs, each with its own FerretDB, on one external PostgreSQL
 * (POSTGRES_URL's setup) and the Redis adapter. Clients on both send into the same rooms at once;
 * every room must end up with each send stored once, in one gap-free seq order that both hubs
 * broadcast alike, with no send refused.
 */
describe('several hubs on one database (FerretDB on an external PostgreSQL, Redis adapter)', function () {
  const pgDatabase = `sbtest_multi_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-multi-'));
  const ferrets: EmbeddedFerretdb[] = [];
  const hubs: TestHub[] = [];

  before(async function () {
    this.timeout(60000);
    const missing = await reachable();
    if (missing) {
      console.log(`    (skipped: ${missing})`);
      this.skip();
    }
    await adminQuery(`CREATE DATABASE ${pgDatabase}`);
    const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${pgDatabase}`);
    const shared = { dbName: 'switchboard', keepDatabase: true, redisUrl: REDIS_URL, redisKey: `sbtest-${randomBytes(4).toString('hex')}` };
    for (const name of ['a', 'b']) {
      const ferret = await startFerretdb({ kind: 'postgresql', url }, join(dir, name));
      ferrets.push(ferret);
      hubs.push(await startTestHub({ ...shared, uri: ferret.uri }));
    }
  });

  after(async function () {
    this.timeout(30000);
    // The database goes with the PostgreSQL database below, once both hubs are gone.
    for (const h of hubs) await h.stop();
    for (const f of ferrets) await f.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${pgDatabase}`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every concurrent send once, gap-free and in one order, whichever hub took it', async function () {
    this.timeout(120000);
    const rooms = ['lobby', 'sprint:S-MULTI'];
    await hubs[0]!.connect().then((c) => c.command('/sprints-create S-MULTI --title="Two hubs"'));
    const clients: SwitchboardClient[] = [];
    for (const hub of hubs) for (let i = 0; i < 3; i++) clients.push(await hub.connect());
    for (const c of clients) for (const room of rooms) await c.join(room);
    const watchers = [clients[0]!, clients[clients.length - 1]!].map((c) => ({ client: c, seen: record(c, 'chat:message') }));

    const PER_CLIENT = 40;
    const acks = await Promise.all(
      clients.map(async (c, ci) => {
        const mine = [];
        for (let n = 0; n < PER_CLIENT; n++) {
          const room = rooms[n % rooms.length]!;
          const clientId = `multi-${ci}-${n}`;
          const sends = [c.send(room, `c${ci} #${n}`, clientId)];
          // Every fifth send is sent twice at once, as a client retrying after a lost ack would.
          if (n % 5 === 0) sends.push(c.send(room, `c${ci} #${n}`, clientId));
          mine.push(...(await Promise.all(sends)));
        }
        return mine;
      }),
    );
    const refused = acks.flat().filter((a) => !a.ok);
    expect(refused.map((a) => (a.ok ? '' : `${a.error.code}: ${a.error.message}`)), 'no send refused').to.deep.equal([]);

    const reader = clients[1]!;
    for (const room of rooms) {
      const stored: ChatMessage[] = [];
      for (let after = 0; ; ) {
        const page = await reader.history({ room, after, limit: 200 });
        if (!page.length) break;
        stored.push(...page);
        after = page[page.length - 1]!.seq;
      }
      const mine = stored.filter((m) => m.clientId?.startsWith('multi-'));
      expect(mine, `${room}: each send stored once`).to.have.length((clients.length * PER_CLIENT) / rooms.length);
      expect(new Set(mine.map((m) => m.clientId)).size).to.equal(mine.length);
      expect(stored.map((m) => m.seq), `${room}: seqs gap-free`).to.deep.equal(stored.map((_, i) => i + 1));
      // Live events of two hubs interleave as each stores them; clients order a room by seq.
      for (const w of watchers) {
        const live = w.seen.filter((m) => m.room === room && m.clientId?.startsWith('multi-'));
        expect(live.map((m) => m.seq).sort((x, y) => x - y), `${room}: every send reached a client of either hub once`).to.deep.equal(mine.map((m) => m.seq));
        expect(live.map((m) => m.id).sort(), `${room}: with the stored ids`).to.deep.equal(mine.map((m) => m.id).sort());
      }
    }
    // The same client id answered with the same message, on whichever hub the resend landed.
    const byClientId = new Map<string, string>();
    for (const a of acks.flat()) {
      if (!a.ok) continue;
      const key = a.message.clientId ?? '';
      const seen = byClientId.get(key);
      if (seen) expect(a.message.id, key).to.equal(seen);
      byClientId.set(key, a.message.id);
    }
  });
});
