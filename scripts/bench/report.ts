import { cpus, platform, arch, totalmem } from 'node:os';
import type { DbCallCounts } from './db-calls.js';
import { percentile, type LoadResult, type TimedStep } from './load.js';
import type { PhaseKind } from './phases.js';

export interface PhaseRow {
  key: string;
  title: string;
  kind: PhaseKind;
  result: LoadResult;
  db: DbCallCounts;
  /** `chat:message` events the bench clients received during the phase. */
  received: number;
  /** Messages in the hub's database after the phase. */
  storedMessages: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Bytes each operation moved (artifact phases), else null. */
  bytesPerOp: number | null;
  /** Steps inside the operations the phase timed itself (parcel delivery), measured window only. */
  steps: TimedStep[];
  /** The phase's own line about what it ran on (the artifact store's size), or null. */
  note: string | null;
}

const MB = 1024 * 1024;

export const perSecond = (row: PhaseRow) => (row.result.ok * 1000) / row.result.elapsedMs;

/** MiB moved per second by the answered requests of a phase that moves bytes; null for the others. */
export const mibPerSecond = (row: PhaseRow) => (row.bytesPerOp ? (perSecond(row) * row.bytesPerOp) / MB : null);

const ms = (v: number) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const int = (v: number) => Math.round(v).toLocaleString('en-US');

interface Column {
  head: string;
  align: 'left' | 'right';
  cell(row: PhaseRow): string;
}

const COLUMNS: Column[] = [
  { head: 'phase', align: 'left', cell: (r) => r.title },
  { head: 'ok', align: 'right', cell: (r) => int(r.result.ok) },
  { head: 'err', align: 'right', cell: (r) => int(r.result.errors) },
  { head: 'ops/s', align: 'right', cell: (r) => int(perSecond(r)) },
  { head: 'MiB/s', align: 'right', cell: (r) => (r.bytesPerOp ? mibPerSecond(r)!.toFixed(1) : '-') },
  { head: 'p50 ms', align: 'right', cell: (r) => ms(percentile(r.result.latencies, 50)) },
  { head: 'p95 ms', align: 'right', cell: (r) => ms(percentile(r.result.latencies, 95)) },
  { head: 'p99 ms', align: 'right', cell: (r) => ms(percentile(r.result.latencies, 99)) },
  { head: 'max ms', align: 'right', cell: (r) => ms(percentile(r.result.latencies, 100)) },
  { head: 'db calls/op', align: 'right', cell: (r) => (r.kind === 'hub' || r.kind === 'http' || r.kind === 'store') && r.result.ok ? (r.db.calls / r.result.ok).toFixed(1) : '-' },
  { head: 'msgs/insert', align: 'right', cell: (r) => (r.db.messageBatches ? (r.db.messagesInserted / r.db.messageBatches).toFixed(1) : '-') },
  { head: 'recv/s', align: 'right', cell: (r) => (r.received ? int((r.received * 1000) / r.result.elapsedMs) : '-') },
  { head: 'msgs in db', align: 'right', cell: (r) => int(r.storedMessages) },
  { head: 'RSS MB', align: 'right', cell: (r) => (r.rssBytes / MB).toFixed(0) },
  { head: 'heap MB', align: 'right', cell: (r) => (r.heapUsedBytes / MB).toFixed(0) },
];

function table(heads: string[], rows: string[][], aligns: ('left' | 'right')[]): string {
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (aligns[i] === 'left' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(heads), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(rows: PhaseRow[]): string {
  return table(
    COLUMNS.map((c) => c.head),
    rows.map((r) => COLUMNS.map((c) => c.cell(r))),
    COLUMNS.map((c) => c.align),
  );
}

/** Each hub phase against the two limits: its ops/s over theirs, and its median over the echo's. */
export function ratiosTable(rows: PhaseRow[]): string | null {
  const echo = rows.find((r) => r.kind === 'echo');
  const raw = rows.find((r) => r.kind === 'raw');
  const hub = rows.filter((r) => r.kind === 'hub' || r.kind === 'store');
  if (!hub.length || (!echo && !raw)) return null;
  const ratio = (a: number, b: number | undefined) => (b && Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(3)}` : '-');
  return table(
    ['phase', 'hub/echo ops/s', 'hub/raw-insert ops/s', 'p50 / echo p50', 'p50 / raw p50'],
    hub.map((r) => [
      r.title,
      ratio(perSecond(r), echo && perSecond(echo)),
      ratio(perSecond(r), raw && perSecond(raw)),
      ratio(percentile(r.result.latencies, 50), echo && percentile(echo.result.latencies, 50)),
      ratio(percentile(r.result.latencies, 50), raw && percentile(raw.result.latencies, 50)),
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  );
}

/** Where the hub's database calls went, per operation: calls per op and mean ms per call. */
export function dbCallsBreakdown(rows: PhaseRow[]): string {
  return rows
    .filter((r) => r.db.calls > 0 && r.result.ok > 0)
    .map((r) => {
      const top = r.db.byMethod.slice(0, 7).map((m) => {
        const mean = m.timed ? ` @ ${ms(m.totalMs / m.timed)} ms` : '';
        return `${m.name} ${(m.calls / r.result.ok).toFixed(2)}${mean}`;
      });
      return `  ${r.title}: ${top.join(', ')}`;
    })
    .join('\n');
}

/** How much the per-room coalescing saved, where messages were written, and the raw-insert rate beside it. */
export function writePathNote(rows: PhaseRow[]): string | null {
  const lines: string[] = [];
  for (const r of rows) {
    if (!r.db.messageBatches || !r.db.messagesInserted) continue;
    const counters = r.db.byMethod.find((m) => m.name === 'counters.findOneAndUpdate')?.calls ?? 0;
    lines.push(
      `  ${r.title.padEnd(32)} ${int(r.db.messagesInserted * 1000 / r.result.elapsedMs).padStart(6)} msgs/s stored, ` +
        `${(r.db.messagesInserted / r.db.messageBatches).toFixed(1).padStart(4)} msgs per insertMany, ` +
        `${(counters / r.db.messagesInserted).toFixed(2)} counter calls per msg`,
    );
  }
  const own = rows.find((r) => r.key === 'store');
  const shared = rows.find((r) => r.key === 'store-shared');
  if (own && shared && perSecond(own) > 0) {
    lines.push(`  one busy room vs ${own.title.replace(/.*, /, '')}: x${(perSecond(shared) / perSecond(own)).toFixed(1)} appends/s, from coalescing alone (no socket, no router)`);
  }
  const raw = rows.find((r) => r.kind === 'raw');
  if (raw) lines.push(`  raw insertOne, one document per round trip: ${int(perSecond(raw))} docs/s`);
  return lines.length ? lines.join('\n') : null;
}

/** The steps phases timed inside their operations: how many, how many per second of the phase, and their percentiles. */
export function stepsTable(rows: PhaseRow[]): string | null {
  const lines = rows.flatMap((r) => r.steps.filter((s) => s.latencies.length).map((s) => ({ r, s })));
  if (!lines.length) return null;
  return table(
    ['phase', 'step', 'n', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    lines.map(({ r, s }) => [
      r.title,
      s.label,
      int(s.latencies.length),
      int((s.latencies.length * 1000) / r.result.elapsedMs),
      ms(percentile(s.latencies, 50)),
      ms(percentile(s.latencies, 95)),
      ms(percentile(s.latencies, 99)),
      ms(percentile(s.latencies, 100)),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** Artifact phases in words: requests, size, time, MiB/s, median request. */
export function artifactNote(rows: PhaseRow[]): string | null {
  const lines = rows
    .filter((r) => r.bytesPerOp)
    .map((r) => {
      const mib = (r.bytesPerOp! / MB).toFixed(r.bytesPerOp! % MB ? 2 : 0);
      return (
        `  ${r.title.padEnd(44)} ${String(r.result.ok).padStart(4)} x ${mib} MiB in ${(r.result.elapsedMs / 1000).toFixed(1)} s: ` +
        `${mibPerSecond(r)!.toFixed(1).padStart(6)} MiB/s, ${ms(percentile(r.result.latencies, 50))} ms per request (p50)${r.note ? `; ${r.note}` : ''}`
      );
    });
  return lines.length ? lines.join('\n') : null;
}

export function machineNote(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cores.length} cores (${model}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, node ${process.version}, ${platform()} ${arch()}`;
}
