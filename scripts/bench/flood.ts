import { SwitchboardClient } from '../../client/sdk/index.js';
import type { Database } from '../../server/db/connect.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { DEFAULT_RATE_LIMITS, NO_RATE_LIMITS } from '../../server/services/rate-limits.js';
import { percentile } from './load.js';
import type { Phase } from './phases.js';
import type { PhaseRow } from './report.js';
import { benchClientOptions, taskRoomOf, type BenchHub } from './setup.js';

/** Sends one flooding client keeps in flight: far beyond any person, like a runaway bot. */
export const FLOOD_IN_FLIGHT = 32;

export const FLOOD_KEYS = ['flood-idle', 'flood-open', 'flood-limited', 'flood-crowd'] as const;

interface FloodContext {
  bench: BenchHub;
  db: Database;
  timeoutMs: number;
}

/**
 * While one client floods chat sends, how long does another client (a person,
 * one message at a time) wait for its acks? Three phases on a hub of their own over the same
 * database: nobody flooding, a flood with no limits, a flood under the default limits. The flooder
 * is bench member 0 in its task room; the measured client is member 1 in its own.
 */
export function floodPhases(ctx: FloodContext): Phase[] {
  const phase = (key: (typeof FLOOD_KEYS)[number], title: string, limited: boolean, flooding: boolean): Phase => {
    let hub: RunningHub | null = null;
    let flooder: SwitchboardClient | null = null;
    let person: SwitchboardClient | null = null;
    let running = false;
    let loops: Promise<void>[] = [];
    const sent = { ok: 0, limited: 0, other: 0 };
    return {
      key,
      title,
      kind: 'hub',
      workers: 1,
      inFlight: 1,
      // Under the default limits a person's own budget is 60 sends per 5 s per connection: the
      // measured client stays below it (it is a person, not a second bot), so p99 is near the max.
      maxOps: 50,
      warmupOps: 5,
      async prepare() {
        hub = await startHub({ db: ctx.db, port: 0, host: '127.0.0.1', rateLimits: limited ? DEFAULT_RATE_LIMITS : NO_RATE_LIMITS });
        const options = benchClientOptions(ctx.timeoutMs);
        person = await SwitchboardClient.connect(hub.url, ctx.bench.tokens[1 % ctx.bench.tokens.length]!, options);
        if (!flooding) return;
        flooder = await SwitchboardClient.connect(hub.url, ctx.bench.tokens[0]!, options);
        running = true;
        const f = flooder;
        loops = Array.from({ length: FLOOD_IN_FLIGHT }, async () => {
          while (running) {
            const ack = await f.send(taskRoomOf(0), 'flood').catch(() => null);
            if (ack?.ok) sent.ok++;
            else if (ack && !ack.ok && ack.error.code === 'rate_limited') sent.limited++;
            else sent.other++;
          }
        });
      },
      op: async () => {
        const ack = await person!.send(taskRoomOf(1 % ctx.bench.tokens.length), 'a person typing');
        if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      },
      async finish() {
        running = false;
        await Promise.all(loops);
        flooder?.close();
        person?.close();
        await hub?.close();
      },
      note: () => (flooding ? `flooder: ${sent.ok} stored, ${sent.limited} rate_limited, ${sent.other} other` : 'nobody flooding'),
    };
  };
  return [
    phase('flood-idle', 'flood: a person alone (baseline)', false, false),
    phase('flood-open', 'flood: a person while a bot floods, no limits', false, true),
    phase('flood-limited', 'flood: a person while a bot floods, default limits', true, true),
    crowdPhase(ctx),
  ];
}

/**
 * A second client's ack while every bench member sends in its own room at full speed (one send
 * in flight each, as the chat phase runs them). The measured client is one more connection of
 * member 1, typing one message at a time in the lobby, so it shares no room with the crowd.
 */
function crowdPhase(ctx: FloodContext): Phase {
  let person: SwitchboardClient | null = null;
  let running = false;
  let loops: Promise<void>[] = [];
  const sent = { ok: 0, other: 0 };
  return {
    key: 'flood-crowd',
    title: `flood: a second client while ${ctx.bench.clients.length} others send at full speed`,
    kind: 'hub',
    workers: 1,
    inFlight: 1,
    maxOps: 200,
    warmupOps: 5,
    async prepare() {
      person = await SwitchboardClient.connect(ctx.bench.hub.url, ctx.bench.tokens[1 % ctx.bench.tokens.length]!, benchClientOptions(ctx.timeoutMs));
      running = true;
      loops = ctx.bench.clients.map(async (c, i) => {
        while (running) {
          const ack = await c.send(taskRoomOf(i), 'crowd').catch(() => null);
          if (ack?.ok) sent.ok++;
          else sent.other++;
        }
      });
    },
    op: async () => {
      const ack = await person!.send('lobby', 'a second client typing');
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    },
    async finish() {
      running = false;
      await Promise.all(loops);
      person?.close();
    },
    note: () => `crowd: ${sent.ok} stored, ${sent.other} failed`,
  };
}

/** The person's p99 in each flood phase against the baseline's, and what the flooder got through. */
export function floodNote(rows: PhaseRow[]): string | null {
  const idle = rows.find((r) => r.key === 'flood-idle');
  const flood = rows.filter((r) => r.key === 'flood-open' || r.key === 'flood-limited' || r.key === 'flood-crowd');
  if (!flood.length) return null;
  const p99 = (r: PhaseRow) => percentile(r.result.latencies, 99);
  return flood
    .map((r) => {
      const vsIdle = idle && p99(idle) > 0 ? ` = ${(p99(r) / p99(idle)).toFixed(1)}x the idle p99 (${p99(idle).toFixed(1)} ms)` : '';
      return `  ${r.title}: person's ack p99 ${p99(r).toFixed(1)} ms${vsIdle}; ${r.note}`;
    })
    .join('\n');
}
