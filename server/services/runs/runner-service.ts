import { Readable } from 'node:stream';
import {
  HELD_RUN_STATUSES,
  OUTPUT_TRUNCATED_MARKER,
  RunLimits,
  artifactHttpPath,
  artifactUri,
  parseArtifactRef,
  taskRoom,
  type RunInputLink,
  type RunDispatchSchema,
  type RunFinishSchema,
  type RunOutputChunk,
  type RunStatus,
  type RunWire,
  type RunnerHelloSchema,
} from '../../../protocol/index.js';
import type { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import type { RunDoc } from '../../db/models/run.js';
import { HubError } from '../../errors.js';
import type { Posting } from '../acting.js';
import type { ArtifactService } from '../artifacts.js';
import { isDuplicateKey } from '../mongo-errors.js';
import { redactSecrets } from '../redaction.js';
import type { TokenService } from '../tokens.js';
import type { LinkSigner } from '../signed-links.js';
import type { RunService } from './run-service.js';
import { runOutcome, runToWire } from './run-wire.js';

/** Queued runs looked at per claim: the oldest ones, which other runners may be taking at the same moment. */
const CLAIM_CANDIDATES = 10;

/** What a runner is told with the run it claimed. */
export interface Claimed {
  run: RunWire;
  /** Output kept per run: the runner stops sending past it. */
  outputLimit: number;
  /** The run's inputs as links signed for an hour. */
  inputs: RunInputLink[];
}

/** `bytes` of `s` at most, never cutting a character in two. */
export function cutUtf8(s: string, bytes: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= bytes) return s;
  let end = bytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/**
 * The runners' side of runs: registering, claiming (one atomic update, so one run goes to one
 * runner), heartbeats that renew the lease, output stored in order and broadcast, and the end:
 * the log as an artifact, a result message, `run:finished`.
 */
export class RunnerService {
  constructor(
    private readonly models: Models,
    private readonly runs: RunService,
    private readonly artifacts: ArtifactService,
    private readonly tokens: TokenService,
    private readonly links: LinkSigner,
    readonly outputLimit: number = RunLimits.defaultOutputBytes,
  ) {}

  async hello(name: string, hello: z.output<typeof RunnerHelloSchema>): Promise<void> {
    const now = this.runs.clock.now();
    await this.models.runners.updateOne({ _id: name }, { $set: { slots: hello.slots, labels: hello.labels, sandbox: hello.sandbox, online: true, lastSeenAt: now } }, { upsert: true });
  }

  /** Whether `name` said runner:hello once (a runner that reconnects may send before its new hello). */
  async isRunner(name: string): Promise<boolean> {
    return Boolean(await this.models.runners.exists({ _id: name }));
  }

  async offline(name: string): Promise<void> {
    await this.models.runners.updateOne({ _id: name }, { $set: { online: false } });
  }

  /** For /agents: each runner among `names` with its slots and the runs it holds ("2 slots, busy: R-7KQ2ZD on T-1"). */
  async describe(names: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!names.length) return out;
    const runners = await this.models.runners.find({ _id: { $in: names } }).limit(names.length).lean();
    if (!runners.length) return out;
    const slots = runners.reduce((n, r) => n + r.slots, 0);
    const held = await this.models.runs
      .find({ runner: { $in: runners.map((r) => r._id) }, status: { $in: HELD_RUN_STATUSES } }, { runner: 1, task: 1 })
      .limit(slots)
      .lean();
    for (const r of runners) {
      const mine = held.filter((h) => h.runner === r._id).map((h) => `${h._id} on ${h.task}`);
      out.set(r._id, `runner, ${r.slots} slot${r.slots === 1 ? '' : 's'}${r.sandbox === 'none' ? ', no sandbox' : ''}${mine.length ? `: ${mine.join(', ')}` : ', free'}`);
    }
    return out;
  }

  /** The oldest queued run this runner may take (any, or those asking for it by name); null when none. */
  async claim(by: Posting, name: string): Promise<Claimed | null> {
    const runner = await this.models.runners.findOne({ _id: name }).lean();
    if (!runner) throw new HubError('invalid_transition', 'Say runner:hello (slots, labels) before claiming runs.');
    const held = await this.models.runs.countDocuments({ runner: name, status: { $in: HELD_RUN_STATUSES } });
    if (held >= runner.slots) return null;
    const now = this.runs.clock.now();
    const candidates = await this.models.runs
      .find({ status: 'queued', wantsRunner: { $in: [null, name] } }, { _id: 1 })
      .sort({ status: 1, createdAt: 1 })
      .limit(CLAIM_CANDIDATES)
      .lean();
    let doc: RunDoc | null = null;
    for (const c of candidates) {
      doc = await this.runs.moves.move(c._id, 'queued', name, { status: 'assigned', runner: name, leaseUntil: new Date(now.getTime() + RunLimits.leaseMs) }, now);
      if (doc) break;
    }
    if (!doc) return null;
    const run = runToWire(doc);
    await this.runs.announce(by, run, 'assigned', `@${name} took run ${run.id} on ${run.task}`);
    return { run, outputLimit: this.outputLimit, inputs: await this.inputLinks(run.inputs) };
  }

  /**
   * Agent dispatch: a runner holding `agentToken` (started with --agent) runs the agent's worker
   * command for a task the agent holds. The run is the runner's at once (no queue, no approval:
   * whoever started the runner with the agent's token chose the command), with the network, since
   * the worker talks to the hub.
   */
  async dispatch(by: Posting, name: string, input: z.output<typeof RunDispatchSchema>): Promise<Claimed> {
    const found = await this.tokens.authenticateToken(input.agentToken);
    if (!found || found.principal.role !== 'agent') throw new HubError('unauthorized', 'The --agent token is not a valid agent token.');
    const agent = found.principal.name;
    const task = await this.models.tasks.findOne({ code: input.task.toUpperCase() }).lean();
    if (!task) throw new HubError('not_found', `No task ${input.task.toUpperCase()}.`);
    if (task.claimedBy !== agent || task.status !== 'in_progress') throw new HubError('invalid_transition', `${task.code} is not held by @${agent}; claim it first (/task-claim ${task.code}).`);
    const now = this.runs.clock.now();
    const doc = await this.runs.insert({
      task: task.code,
      sprint: task.sprint,
      command: input.command,
      status: 'assigned',
      requestedBy: { id: found.principal.id, name: agent, kind: 'agent' },
      wantsRunner: name,
      runner: name,
      network: true,
      timeoutMs: input.timeoutMs,
      leaseUntil: new Date(now.getTime() + RunLimits.leaseMs),
      createdAt: now,
    });
    const run = runToWire(doc);
    await this.runs.announce(by, run, 'dispatched', `@${name} started @${agent}'s worker on ${run.task} as run ${run.id}`);
    return { run, outputLimit: this.outputLimit, inputs: [] };
  }

  /** Renews the leases of the runs the runner still holds; returns those it should stop. */
  async heartbeat(name: string, ids: string[]): Promise<string[]> {
    const now = this.runs.clock.now();
    await this.models.runners.updateOne({ _id: name }, { $set: { lastSeenAt: now, online: true } });
    if (!ids.length) return [];
    const leaseUntil = new Date(now.getTime() + RunLimits.leaseMs);
    // One run at a time, in its queue: an update of many at once could undo a move of one of them.
    await Promise.all(ids.map((id) => this.runs.moves.write(id, () => this.models.runs.updateOne({ _id: id, runner: name, status: { $in: HELD_RUN_STATUSES } }, { $set: { leaseUntil } }))));
    // Ones it no longer holds (lost, cancelled before it heard) or that a person asked to stop.
    const docs = await this.models.runs.find({ _id: { $in: ids } }, { runner: 1, status: 1, cancelRequested: 1 }).limit(ids.length).lean();
    const stop = new Set(ids);
    for (const d of docs) if (d.runner === name && HELD_RUN_STATUSES.includes(d.status) && !d.cancelRequested) stop.delete(d._id);
    return [...stop];
  }

  async started(by: Posting, name: string, id: string): Promise<void> {
    const now = this.runs.clock.now();
    const held = await this.models.runs.findOne({ _id: id }, { runner: 1 }).lean();
    const doc = held?.runner === name ? await this.runs.moves.move(id, 'assigned', name, { status: 'running', startedAt: now }, now) : null;
    if (!doc) throw new HubError('invalid_transition', `Run ${id} is not assigned to @${name}.`);
    await this.runs.announce(by, runToWire(doc), 'running', `@${name} started run ${doc._id} on ${doc.task}`);
  }

  /**
   * Stores one batch and sends it to the task's room. A batch already stored (a resend) is
   * acknowledged and not sent again; one past a gap is refused. Past the output limit the batch
   * is cut, the truncation marker stored, and later batches dropped.
   */
  async output(by: Posting, name: string, batch: { run: string; seq: number; data: string }): Promise<void> {
    const doc = await this.held(name, batch.run);
    if (batch.seq <= doc.outputSeq) return;
    if (batch.seq !== doc.outputSeq + 1) throw new HubError('conflict', `Run ${doc._id} expects output batch ${doc.outputSeq + 1}, not ${batch.seq}.`);
    if (doc.truncated) return;
    // Output is said in a room like chat: known shapes of secrets are masked before it is stored.
    let data = redactSecrets(batch.data).text;
    let truncated = false;
    const bytes = Buffer.byteLength(data, 'utf8');
    if (doc.outputBytes + bytes > this.outputLimit) {
      data = cutUtf8(data, this.outputLimit - doc.outputBytes) + OUTPUT_TRUNCATED_MARKER(this.outputLimit);
      truncated = true;
    }
    try {
      await this.models.runChunks.create({ run: doc._id, seq: batch.seq, data });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const after = await this.runs.moves.write(doc._id, () =>
      this.models.runs.updateOne(
        { _id: doc._id, outputSeq: batch.seq - 1 },
        { $set: { outputSeq: batch.seq, truncated }, $inc: { outputBytes: Buffer.byteLength(data, 'utf8') } },
      ),
    );
    if (!after.modifiedCount) return;
    const chunk: RunOutputChunk = { run: doc._id, task: doc.task, seq: batch.seq, data };
    by.emit(taskRoom(doc.task), 'run:output', chunk);
  }

  /** The end of a run: its log becomes an artifact, the room hears the outcome. Once. */
  async finish(by: Posting, name: string, end: z.output<typeof RunFinishSchema>): Promise<RunWire> {
    const doc = await this.models.runs.findOne({ _id: end.run, runner: name }).lean();
    if (!doc) throw new HubError('not_found', `Run ${end.run} is not held by @${name}.`);
    if (!HELD_RUN_STATUSES.includes(doc.status)) return runToWire(doc); // already ended (a resend, or lost meanwhile)
    const status: RunStatus =
      end.ended === 'timed_out' ? 'timed_out' : end.ended === 'cancelled' || doc.cancelRequested ? 'cancelled' : end.exitCode === 0 ? 'succeeded' : 'failed';
    const log = await this.storeLog(by, doc);
    const now = this.runs.clock.now();
    const after = await this.runs.moves.moveFrom(
      doc._id,
      HELD_RUN_STATUSES,
      name,
      () => ({
        status,
        exitCode: end.exitCode,
        signal: end.signal,
        durationMs: end.durationMs,
        finishedAt: now,
        leaseUntil: null,
        artifacts: [log, ...end.artifacts],
        ...(status === 'cancelled' && !doc.reason ? { reason: end.ended === 'cancelled' || doc.cancelRequested ? 'stopped on request' : null } : {}),
        ...(end.ended === 'failed_to_start' ? { reason: 'the runner could not start it' } : {}),
      }),
      now,
    );
    if (!after) return runToWire(await this.runs.get(doc._id));
    const run = runToWire(after);
    const outcome = runOutcome(run);
    await this.runs.announce(by, run, 'finished', `run ${run.id} on ${run.task} ended: ${outcome}`, true);
    const icon = status === 'succeeded' ? '✅' : status === 'cancelled' ? '⏹️' : '❌';
    const lines = [`${icon} Run ${run.id} (${clipCommand(run.command)}) ${outcome}${run.truncated ? ', output truncated' : ''}.`, ...run.artifacts.map((a) => `• ${a}`)];
    await by.post(taskRoom(run.task), lines.join('\n'), { run: run.id, change: 'finished', status, exitCode: run.exitCode, durationMs: run.durationMs, artifacts: run.artifacts });
    return run;
  }

  /** The run's output so far after `after`, one page. */
  async follow(doc: RunDoc, after: number): Promise<{ chunks: RunOutputChunk[]; more: boolean }> {
    const docs = await this.models.runChunks
      .find({ run: doc._id, seq: { $gt: after } })
      .sort({ run: 1, seq: 1 })
      .limit(RunLimits.followPage + 1)
      .lean();
    const more = docs.length > RunLimits.followPage;
    return { chunks: docs.slice(0, RunLimits.followPage).map((c) => ({ run: doc._id, task: doc.task, seq: c.seq, data: c.data })), more };
  }

  /** The last `lines` lines of the output (read from the end, at most 1 MiB). */
  async tail(doc: RunDoc, lines: number): Promise<{ text: string; complete: boolean }> {
    const parts: string[] = [];
    let before = doc.outputSeq + 1;
    let count = 0;
    let bytes = 0;
    while (before > 1 && count <= lines && bytes < 1024 * 1024) {
      const page = await this.models.runChunks
        .find({ run: doc._id, seq: { $lt: before } })
        .sort({ run: -1, seq: -1 })
        .limit(16)
        .lean();
      if (!page.length) break;
      for (const c of page) {
        parts.unshift(c.data);
        count += c.data.split('\n').length - 1;
        bytes += c.data.length;
      }
      before = page[page.length - 1]!.seq;
    }
    const all = parts.join('').split('\n');
    const complete = before <= 1 && all.length <= lines + 1;
    return { text: all.slice(-lines - 1).join('\n'), complete };
  }

  /** The whole output as `runs/<id>/output.log` on the task, streamed from the stored batches. */
  private async storeLog(by: Posting, doc: RunDoc): Promise<string> {
    const models = this.models;
    async function* bytes() {
      let after = 0;
      for (;;) {
        const page = await models.runChunks
          .find({ run: doc._id, seq: { $gt: after } })
          .sort({ run: 1, seq: 1 })
          .limit(RunLimits.followPage)
          .lean();
        if (!page.length) return;
        yield Buffer.from(page.map((c) => c.data).join(''), 'utf8');
        after = page[page.length - 1]!.seq;
      }
    }
    const owner = { kind: 'task' as const, code: doc.task };
    const put = await this.artifacts.blobs.put(Readable.from(bytes()), this.outputLimit * 2);
    const name = `runs/${doc._id}/output.log`;
    await this.artifacts.record(by, { owner, name, sha256: put.sha256, mediaType: 'text/plain' });
    return artifactUri(owner, name);
  }

  /**
   * Links the runner fetches the inputs by, signed for an hour: the requester's read rights were
   * checked when the run was asked for, and the runner itself may read no task's artifacts.
   */
  private async inputLinks(uris: string[]): Promise<RunInputLink[]> {
    const links: RunInputLink[] = [];
    for (const uri of uris) {
      const ref = parseArtifactRef(uri);
      if (!ref) continue;
      const path = artifactHttpPath(ref);
      const { url } = await this.links.sign(path, ref.type === 'artifact' ? ref.version : null, 3600);
      links.push({ uri, file: ref.type === 'cas' ? ref.sha256 : ref.name.split('/').pop()!, url });
    }
    return links;
  }

  /** The run, if `name` holds it and it has not ended. */
  private async held(name: string, id: string): Promise<RunDoc> {
    const doc = await this.models.runs.findOne({ _id: id }).lean();
    if (!doc || doc.runner !== name || !HELD_RUN_STATUSES.includes(doc.status)) throw new HubError('invalid_transition', `Run ${id} is not running on @${name}; stop it.`);
    return doc;
  }
}

const clipCommand = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
