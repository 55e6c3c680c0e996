import { performance } from 'node:perf_hooks';

/** One operation; resolves when acknowledged, throws (or rejects) when it failed. */
export type Operation = (worker: number, n: number) => Promise<void>;

export interface LoadResult {
  ok: number;
  errors: number;
  /** First failure, to show why; null when none. */
  firstError: string | null;
  /** From the first start to the last answer, in ms. */
  elapsedMs: number;
  /** Latencies of the successful operations in ms, sorted. */
  latencies: Float64Array;
}

export interface LoadPlan {
  workers: number;
  /** Each worker keeps this many operations in flight. */
  inFlight: number;
  seconds: number;
  maxOps: number;
  timeoutMs: number;
  op: Operation;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Closed loop: every worker slot starts its next operation when the previous one is answered,
 * until the time is up or `maxOps` were started. Nothing starts after the deadline, and each
 * operation is abandoned after `timeoutMs`, so a phase lasts at most `seconds + timeoutMs`.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const latencies = new Float64Array(plan.maxOps);
  let ok = 0;
  let errors = 0;
  let started = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  const deadline = t0 + plan.seconds * 1000;
  let lastEnd = t0;

  const slot = async (worker: number) => {
    while (started < plan.maxOps && performance.now() < deadline) {
      const n = started++;
      const begin = performance.now();
      try {
        await withTimeout(plan.op(worker, n), plan.timeoutMs);
        lastEnd = performance.now();
        latencies[ok++] = lastEnd - begin;
      } catch (err) {
        lastEnd = performance.now();
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  const slots: Promise<void>[] = [];
  for (let w = 0; w < plan.workers; w++) for (let k = 0; k < plan.inFlight; k++) slots.push(slot(w));
  await Promise.all(slots);
  const measured = latencies.subarray(0, ok).sort();
  return { ok, errors, firstError, elapsedMs: Math.max(lastEnd - t0, 1), latencies: measured };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** One step an operation timed by itself, with its latencies in ms, sorted. */
export interface TimedStep {
  label: string;
  latencies: Float64Array;
}

/**
 * Latencies of steps inside an operation (a parcel's delivery within its send), which the
 * closed loop above cannot see: the phase adds them, the bench clears them after the warm-up.
 */
export class StepTimings {
  private readonly steps = new Map<string, number[]>();

  /** Fixes the order the steps are reported in, before any is timed. */
  constructor(labels: readonly string[]) {
    for (const label of labels) this.steps.set(label, []);
  }

  add(label: string, ms: number): void {
    let values = this.steps.get(label);
    if (!values) this.steps.set(label, (values = []));
    values.push(ms);
  }

  reset(): void {
    for (const values of this.steps.values()) values.length = 0;
  }

  sorted(): TimedStep[] {
    return [...this.steps].map(([label, values]) => ({ label, latencies: Float64Array.from(values).sort() }));
  }
}
