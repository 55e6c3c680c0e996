import { z } from 'zod';
import { CODE_PATTERN } from './rooms.js';
import type { PrincipalRef } from './entities.js';

/**
 * Runs: a shell command executed for a task by a runner (an agent principal that registered as
 * one), in a sandbox, its output streamed into the task's room.
 *
 *   awaiting_approval → queued → assigned → running → succeeded | failed | timed_out | cancelled | lost
 *
 * An agent's run waits for a person (awaiting_approval) unless the task allows agent runs; a denied
 * or expired approval ends it `cancelled`.
 */
export const RUN_STATUSES = ['awaiting_approval', 'queued', 'assigned', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'lost'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'];
/** A runner holds these, under a lease it renews by heartbeat. */
export const HELD_RUN_STATUSES: readonly RunStatus[] = ['assigned', 'running'];

/** Whether a task lets agents start runs: without asking, after a person approves, or never. */
export const AGENT_RUN_POLICIES = ['allow', 'approve', 'deny'] as const;
export type AgentRunPolicy = (typeof AGENT_RUN_POLICIES)[number];

export const RunLimits = {
  /** Output kept (and streamed) per run; the rest is dropped behind a truncation marker. */
  defaultOutputBytes: 8 * 1024 * 1024,
  /** One `run:output` batch: the runner sends at most this much at a time. */
  chunkBytes: 16 * 1024,
  /** Artifacts one run may take as --inputs. */
  maxInputs: 20,
  /** How long a runner waits before sending what it has gathered. */
  batchMs: 100,
  /** Chunks per `run:follow` page. */
  followPage: 500,
  defaultTimeoutMs: 10 * 60_000,
  maxTimeoutMs: 24 * 3_600_000,
  /** A runner's hold on a run, renewed by heartbeats; a runner silent this long loses its runs. */
  leaseMs: 30_000,
  /** How long an agent's run waits for a person before it is denied. */
  approvalMs: 24 * 3_600_000,
  commandChars: 4000,
} as const;

export const OUTPUT_TRUNCATED_MARKER = (bytes: number) => `\n[switchboard: output truncated at ${bytes} bytes; the rest was dropped]\n`;

export interface RunWire {
  id: string;
  task: string;
  sprint: string;
  command: string;
  status: RunStatus;
  requestedBy: PrincipalRef;
  /** The runner asked for (`--runner=@name`), or null for any. */
  wantsRunner: string | null;
  runner: string | null;
  network: boolean;
  timeoutMs: number;
  outputs: string[];
  /** Artifacts copied into the workspace before the command starts. */
  inputs: string[];
  /** Last output chunk stored (0: none yet). */
  outputSeq: number;
  outputBytes: number;
  truncated: boolean;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  /** sb:// URIs of the log and of the files kept by `--outputs`. */
  artifacts: string[];
  decidedBy: string | null;
  reason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A batch of output: `seq` counts the run's chunks from 1, with no gap. */
export interface RunOutputChunk {
  run: string;
  task: string;
  seq: number;
  data: string;
}

export interface RunUpdatedEvent {
  run: RunWire;
  change: string;
}

/* ---- runner → hub ---- */

export const RunnerHelloSchema = z.object({
  slots: z.number().int().min(1).max(64),
  labels: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/i)).max(16).default([]),
  sandbox: z.enum(['bwrap', 'none']),
});
export type RunnerHelloPayload = z.input<typeof RunnerHelloSchema>;

const runId = z.string().regex(/^R-[A-Z0-9]{6}$/, 'a run id looks like R-7KQ2ZD');

export const RunClaimSchema = z.object({});
export const RunHeartbeatSchema = z.object({ runs: z.array(runId).max(64) });
export const RunStartedSchema = z.object({ run: runId });
export const RunOutputSchema = z.object({ run: runId, seq: z.number().int().min(1), data: z.string().max(RunLimits.chunkBytes * 2) });
export const RunFinishSchema = z.object({
  run: runId,
  /** How it ended: the process exited (code or signal), or the runner stopped it. */
  ended: z.enum(['exited', 'timed_out', 'cancelled', 'failed_to_start']),
  exitCode: z.number().int().nullable(),
  signal: z.string().max(16).nullable(),
  durationMs: z.number().int().min(0),
  /** Files kept by `--outputs`, already uploaded as artifacts of the task. */
  artifacts: z.array(z.string().max(2000)).max(64).default([]),
});
/** A runner started with --agent runs the agent's worker command for a task the agent claimed. */
export const RunDispatchSchema = z.object({
  task: z.string().min(1).max(64),
  /** The agent's own token: proof the runner acts for it (its operator holds it). */
  agentToken: z.string().min(1).max(200),
  command: z.string().min(1).max(RunLimits.commandChars),
  timeoutMs: z.number().int().min(1000).max(RunLimits.maxTimeoutMs),
});

export const RunFollowSchema = z.object({ run: runId, after: z.number().int().min(0).default(0) });

export const RunListSchema = z.object({ task: z.string().regex(CODE_PATTERN, 'a task code, like T-1').transform((s) => s.toUpperCase()) });
export type RunListAck = { ok: true; runs: RunWire[] } | { ok: false; error: { code: string; message: string } };

export type RunFinishPayload = z.input<typeof RunFinishSchema>;

/** An input as a runner fetches it: a link signed for the run (the requester's rights were checked), and the file name in the workspace. */
export interface RunInputLink {
  uri: string;
  file: string;
  url: string;
}

export type RunClaimAck = { ok: true; run: RunWire | null; outputLimit: number; inputs?: RunInputLink[] } | { ok: false; error: { code: string; message: string } };
export type RunFollowAck = { ok: true; run: RunWire; chunks: RunOutputChunk[]; more: boolean } | { ok: false; error: { code: string; message: string } };
export type RunnerAck = { ok: true; cancel?: string[]; run?: RunWire } | { ok: false; error: { code: string; message: string } };
