import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { ChatSendAck, WireError } from '../../protocol/index.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../../server/services/rate-limits.js';
import { startTestHub, withTestHub } from '../support/hub.js';
import { mcpOverHttp } from '../support/mcp.js';
import { parsePrometheus, sample } from '../support/prometheus.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Small limits, so a test reaches them in a few requests; windows long enough never to roll over mid-test. */
const TIGHT: RateLimitSettings = {
  socketPerConnection: { points: 5, seconds: 600 },
  socketPerPrincipal: { points: 8, seconds: 600 },
  httpPerPrincipal: { points: 5, seconds: 600 },
  mcpPerPrincipal: { points: 6, seconds: 600 },
};

const refused = (acks: ChatSendAck[]): WireError[] => acks.flatMap((a) => (a.ok ? [] : [a.error]));

/** Issue 10, point 11: limits per principal and per connection on sockets, HTTP and MCP. */
describe('rate limits', () => {
  describe('on one hub', () => {
    const tokens: Record<string, string> = {};
    let floodToken: string;
    const t = withTestHub({ rateLimits: TIGHT });
    before(async () => {
      // One admin socket for every token: the admin is a principal with a budget too.
      const admin = await t.connect();
      for (const name of ['flooder', 'runaway', 'poller', 'mcp-flooder']) {
        tokens[name] = (await admin.command(`/token-create @${name} --kind=agent`, 'agent:admin')).data.token;
      }
      floodToken = tokens.flooder!;
    });

    /** The hub's own Prometheus registry, as /metrics serves it. */
    const refusals = async () => {
      const samples = parsePrometheus(await t.hub.services.metrics.registry.metrics());
      return Object.fromEntries(['socket', 'http', 'mcp'].map((i) => [i, sample(samples, `switchboard_rate_limited_total{interface="${i}"}`)]));
    };

    it('answers a flooding connection rate_limited with the time to wait, and counts its other connections too', async () => {
      const first = await t.connect(floodToken);
      const acks = await Promise.all(Array.from({ length: 7 }, (_, i) => first.send('lobby', `flood ${i}`)));
      expect(acks.filter((a) => a.ok)).to.have.lengthOf(5);
      const errors = refused(acks);
      expect(errors).to.have.lengthOf(2);
      for (const e of errors) {
        expect(e.code).to.equal('rate_limited');
        expect(e.retryAfterMs).to.be.a('number').greaterThan(0);
        expect(e.message).to.match(/Wait \d+(\.\d)? s/);
      }
      // A second socket of the same principal has a connection budget of its own, but not a principal
      // one: of its 8, two connections and five sends are spent.
      const second = await t.connect(floodToken);
      const more = await Promise.all(Array.from({ length: 5 }, (_, i) => second.send('lobby', `more ${i}`)));
      expect(more.filter((a) => a.ok)).to.have.lengthOf(1);
      expect(refused(more).map((e) => e.code)).to.deep.equal(['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
      // Nothing refused was stored.
      expect(await t.db.models.messages.countDocuments({ text: /^(flood|more) / })).to.equal(6);
      // And the principal cannot open more sockets to get round it.
      const third = await t.connect(floodToken).then(
        () => null,
        (e: Error) => e,
      );
      expect(third?.message).to.contain('rate_limited');
      // Each refusal is counted for /metrics: 2 + 4 sends, and the connection.
      expect((await refusals()).socket).to.equal(7);
    });

    it('closes a connection that keeps sending at three times its limit after being told to wait', async () => {
      const bot = await t.connect(tokens.runaway);
      const closed = new Promise<string>((resolve) => bot.socket.once('disconnect', resolve));
      const acks = await Promise.all(Array.from({ length: 15 }, (_, i) => bot.send('lobby', `runaway ${i}`)));
      expect(acks.filter((a) => a.ok)).to.have.lengthOf(5);
      expect(refused(acks).every((e) => e.code === 'rate_limited')).to.equal(true);
      expect(await closed).to.equal('io server disconnect');
    });

    it('leaves everybody else alone while one principal is limited', async () => {
      const admin = await t.connect();
      const ack = await admin.send('lobby', 'still here');
      expect(ack.ok).to.equal(true);
    });

    it('answers HTTP 429 rate_limited with Retry-After past the per-principal HTTP limit', async () => {
      const token = tokens.poller!;
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 7; i++) {
        last = await fetch(`${t.url}/api/orchestration/dashboard`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(last.status);
        if (last.status === 200) await last.arrayBuffer();
      }
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).to.be.greaterThan(0);
      const body = (await last!.json()) as { ok: boolean; error: WireError };
      expect(body.error.code).to.equal('rate_limited');
      expect(body.error.retryAfterMs).to.be.greaterThan(0);
      expect((await refusals()).http).to.equal(2);
    });

    it('limits MCP requests per principal', async () => {
      const token = tokens['mcp-flooder']!;
      const mcp = await mcpOverHttp(t.url, token);
      let error: Error | null = null;
      for (let i = 0; i < 10 && !error; i++) await mcp.listTools().catch((e: Error) => (error = e));
      await mcp.close().catch(() => undefined);
      expect(error, 'an MCP request past the limit').to.not.equal(null);
      expect(error!.message, error!.message).to.contain('rate_limited');
      expect((await refusals()).mcp).to.equal(1);
    });
  });

  it('holds across two hubs sharing Redis', async () => {
    const shared = { dbName: `sbtest_rl_${randomBytes(4).toString('hex')}`, redisUrl: REDIS_URL, redisKey: `sbtest-rl-${randomBytes(4).toString('hex')}`, rateLimits: TIGHT };
    const a = await startTestHub(shared);
    const b = await startTestHub(shared);
    try {
      const token = await a.tokenFor('roamer', 'agent');
      const onA = await a.connect(token);
      const onB = await b.connect(token);
      const viaA = await Promise.all(Array.from({ length: 5 }, (_, i) => onA.send('lobby', `a ${i}`)));
      expect(viaA.every((x) => x.ok)).to.equal(true);
      // Each socket is within its own connection limit; the principal's 8 are spent across hubs
      // (two connections, five sends on A).
      const viaB = await Promise.all(Array.from({ length: 5 }, (_, i) => onB.send('lobby', `b ${i}`)));
      expect(viaB.filter((x) => x.ok)).to.have.lengthOf(1);
      expect(refused(viaB).map((e) => e.code)).to.deep.equal(['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('with the defaults, never limits what a person can type', async () => {
    const t = await startTestHub({ rateLimits: DEFAULT_RATE_LIMITS });
    try {
      const person = await t.connect(await t.tokenFor('typist', 'person', 'member'));
      // A burst far beyond typing speed (30 messages at once) still passes: limits are for machines.
      const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => person.send('lobby', `line ${i}`)));
      expect(refused(acks)).to.deep.equal([]);
    } finally {
      await t.stop();
    }
  });
});
