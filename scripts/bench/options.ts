/** What `npm run bench` is told, by flags (`--clients=20`) or environment (`BENCH_CLIENTS=20`); flags win. */
export interface BenchOptions {
  /** Socket.io clients (and, for the raw and store phases, the same number of workers). */
  clients: number;
  /** Measured seconds per phase. */
  seconds: number;
  /** Requests in flight per client. */
  concurrency: number;
  /** Most operations a phase starts, so a fast machine stays bounded in work too. */
  maxOps: number;
  /** Unmeasured seconds before each phase (connections, JIT, caches). */
  warmup: number;
  /** Milliseconds before one request counts as failed. */
  timeoutMs: number;
  /** MiB per artifact in the upload and download phases. */
  artifactMib: number;
  /** Most uploads (or downloads) per artifact phase; they move MiBs each, so few. */
  artifactCount: number;
  /** Requests in flight in the parallel artifact phases. */
  artifactParallel: number;
  /** Idle sockets the `idle` phase opens to the hub and to a bare socket.io server each. */
  idleSockets: number;
  /** Phases to run; all when null. */
  only: ReadonlySet<string> | null;
}

interface Spec {
  key: keyof Omit<BenchOptions, 'only'>;
  flag: string;
  env: string;
  min: number;
  max: number;
  fallback: number;
  integer: boolean;
  help: string;
}

const SPECS: Spec[] = [
  { key: 'clients', flag: 'clients', env: 'BENCH_CLIENTS', min: 1, max: 500, fallback: 20, integer: true, help: 'socket.io clients' },
  { key: 'seconds', flag: 'seconds', env: 'BENCH_SECONDS', min: 0.5, max: 60, fallback: 5, integer: false, help: 'measured seconds per phase' },
  { key: 'concurrency', flag: 'concurrency', env: 'BENCH_CONCURRENCY', min: 1, max: 32, fallback: 1, integer: true, help: 'requests in flight per client' },
  { key: 'maxOps', flag: 'max-ops', env: 'BENCH_MAX_OPS', min: 1, max: 2_000_000, fallback: 500_000, integer: true, help: 'most operations per phase' },
  { key: 'warmup', flag: 'warmup', env: 'BENCH_WARMUP', min: 0, max: 10, fallback: 0.5, integer: false, help: 'unmeasured seconds before each phase' },
  { key: 'timeoutMs', flag: 'timeout-ms', env: 'BENCH_TIMEOUT_MS', min: 100, max: 60_000, fallback: 10_000, integer: true, help: 'ms before one request counts as failed' },
  { key: 'artifactMib', flag: 'artifact-mib', env: 'BENCH_ARTIFACT_MIB', min: 0.125, max: 64, fallback: 8, integer: false, help: 'MiB per artifact uploaded and downloaded' },
  { key: 'artifactCount', flag: 'artifact-count', env: 'BENCH_ARTIFACT_COUNT', min: 1, max: 1000, fallback: 4, integer: true, help: 'most requests per artifact phase' },
  { key: 'idleSockets', flag: 'idle-sockets', env: 'BENCH_IDLE_SOCKETS', min: 100, max: 50_000, fallback: 10_000, integer: true, help: 'idle sockets to the hub and to bare socket.io (idle phase)' },
  { key: 'artifactParallel', flag: 'artifact-parallel', env: 'BENCH_ARTIFACT_PARALLEL', min: 2, max: 16, fallback: 4, integer: true, help: 'requests in flight in the parallel artifact phases' },
];

export class OptionsError extends Error {}

export function usage(phases: readonly string[]): string {
  const lines = SPECS.map((s) => `  ${`--${s.flag}=N`.padEnd(22)} ${s.help} (${s.env}, default ${s.fallback}, ${s.min}..${s.max})`);
  return [
    'usage: node dist/scripts/bench.js [options]',
    ...lines,
    `  ${'--only=a,b'.padEnd(22)} run only these phases (BENCH_ONLY): ${phases.join(', ')}`,
    `  ${'MONGODB_URI'.padEnd(22)} benchmark that server (a throwaway database on it) instead of the embedded FerretDB`,
  ].join('\n');
}

function parseNumber(spec: Spec, raw: string, where: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (spec.integer && !Number.isInteger(n)) || n < spec.min || n > spec.max) {
    throw new OptionsError(`${where} must be ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}, got "${raw}"`);
  }
  return n;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, phases: readonly string[]): BenchOptions | 'help' {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return 'help';
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new OptionsError(`unknown argument "${arg}" (flags look like --clients=20)`);
    flags.set(m[1]!, m[2]!);
  }
  const known = new Set([...SPECS.map((s) => s.flag), 'only']);
  for (const name of flags.keys()) if (!known.has(name)) throw new OptionsError(`unknown flag --${name}`);

  const values = {} as Record<Spec['key'], number>;
  for (const spec of SPECS) {
    const flag = flags.get(spec.flag);
    const fromEnv = env[spec.env];
    if (flag !== undefined) values[spec.key] = parseNumber(spec, flag, `--${spec.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') values[spec.key] = parseNumber(spec, fromEnv, spec.env);
    else values[spec.key] = spec.fallback;
  }
  const onlyRaw = flags.get('only') ?? env.BENCH_ONLY ?? '';
  let only: Set<string> | null = null;
  if (onlyRaw.trim() !== '') {
    only = new Set(onlyRaw.split(',').map((s) => s.trim()).filter(Boolean));
    const unknown = [...only].filter((p) => !phases.includes(p));
    if (unknown.length) throw new OptionsError(`unknown phase ${unknown.join(', ')}; phases are ${phases.join(', ')}`);
  }
  return { ...values, only };
}

/** The flags that reproduce these options, whatever mix of flags and environment set them. */
export function effectiveFlags(o: BenchOptions): string {
  const parts = SPECS.map((s) => `--${s.flag}=${o[s.key]}`);
  if (o.only) parts.push(`--only=${[...o.only].join(',')}`);
  return parts.join(' ');
}
