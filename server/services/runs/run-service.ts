import { FINISHED_RUN_STATUSES, HELD_RUN_STATUSES, RunLimits, agentRoom, taskRoom, type Role, type RunStatus, type RunWire } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { RunDoc } from '../../db/models/run.js';
import type { Hooks } from '../../hooks.js';
import { HubError } from '../../errors.js';
import type { Posting } from '../acting.js';
import type { AccessService } from '../access.js';
import type { ActivityService } from '../activity.js';
import type { Clock } from '../clock.js';
import { shortId } from '../collab/short-id.js';
import { isDuplicateKey } from '../mongo-errors.js';
import { RunMoves } from './run-moves.js';
import type { TaskService } from '../tasks.js';
import { runOutcome, runToWire } from './run-wire.js';

export type Requester = Posting & { principal: { role: Role } };

export interface RunRequest {
  task: string;
  command: string;
  timeoutMs: number;
  outputs: string[];
  /** sb:// URIs the requester may read (checked by the command). */
  inputs: string[];
  runner: string | null;
  network: boolean;
}

const LIST_LIMIT = 50;
const SWEEP_BATCH = 100;

/**
 * Runs as people and agents see them: asked for, listed, approved or denied, cancelled; and the
 * hub's own sweeps (approvals that expire, runners that go silent). Every change of status is one
 * update conditional on the status it was decided from, so two people (or two hubs) resolve a run
 * once.
 */
export class RunService {
  /** Every write of a run goes through here, one at a time per run. */
  readonly moves: RunMoves;

  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    readonly clock: Clock,
    /** Told when a run may be claimed (`run:queued`), so runners need not poll. */
    private readonly hooks: Hooks,
  ) {
    this.moves = new RunMoves(models);
  }

  async request(by: Requester, input: RunRequest): Promise<RunWire> {
    const task = await this.tasks.get(input.task);
    const agent = by.principal.role === 'agent';
    if (agent && input.network) throw new HubError('forbidden', 'Only people may give a run the network (--network); ask a person to start it.');
    let status: RunStatus = 'queued';
    if (agent) {
      await this.access.assertTaskWrite(by.principal as never, [task.code], this.tasks.memo());
      // The task's own policy, else its sprint's, else a person approves each run.
      const sprint = task.agentRuns ? null : await this.models.sprints.findOne({ code: task.sprint }, { agentRuns: 1 }).lean();
      const policy = task.agentRuns ?? sprint?.agentRuns ?? 'approve';
      if (policy === 'deny') {
        const where = task.agentRuns ? `/task-policy ${task.code}` : `/sprint-policy ${task.sprint}`;
        throw new HubError('forbidden', `${task.code} does not let agents start runs; a person may change that with ${where} --agent-runs=approve.`);
      }
      if (policy === 'approve') status = 'awaiting_approval';
    }
    const now = this.clock.now();
    const run = runToWire(
      await this.insert({
        task: task.code,
        sprint: task.sprint,
        command: input.command,
        status,
        requestedBy: { id: by.principal.id, name: by.principal.name, kind: by.principal.kind },
        wantsRunner: input.runner,
        network: input.network,
        timeoutMs: input.timeoutMs,
        outputs: input.outputs,
        inputs: input.inputs,
        expiresAt: status === 'awaiting_approval' ? new Date(now.getTime() + RunLimits.approvalMs) : null,
        createdAt: now,
      }),
    );
    const waits = status === 'awaiting_approval' ? `; it waits for a person: /run-approve ${run.id} or /run-deny ${run.id} "why"` : '';
    await this.announce(by, run, 'requested', `asked for run ${run.id} on ${task.code}: ${clip(run.command)}${waits}`);
    if (status === 'queued') await this.hooks.emit('run:queued', { run });
    return run;
  }

  /** Stores a new run under a short random id, drawing again if that id is taken. */
  async insert(fields: Omit<Partial<RunDoc>, '_id'>): Promise<RunDoc> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return (await this.models.runs.create({ _id: shortId('R'), ...fields })).toObject() as RunDoc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new HubError('conflict', 'Could not give the run an id; try again.');
  }

  async get(id: string): Promise<RunDoc> {
    const doc = await this.models.runs.findOne({ _id: id.toUpperCase() }).lean();
    if (!doc) throw new HubError('not_found', `No run ${id.toUpperCase()}: /runs lists them.`);
    return doc;
  }

  /** A run, if the caller may read its task (agents: the tasks they may use). */
  async readable(caller: Requester['principal'], id: string): Promise<RunDoc> {
    const doc = await this.get(id);
    if (!(await this.access.canReadTask(caller as never, doc.task))) throw new HubError('forbidden', `Run ${doc._id} belongs to ${doc.task}, which you may not read.`);
    return doc;
  }

  /** Newest first; a task's, or all (people), by status. */
  async list(caller: Requester['principal'], filter: { task?: string; status?: RunStatus }): Promise<RunWire[]> {
    if (filter.task) {
      await this.tasks.get(filter.task);
      if (!(await this.access.canReadTask(caller as never, filter.task))) throw new HubError('forbidden', `You may not read ${filter.task.toUpperCase()}.`);
      const docs = await this.models.runs
        .find({ task: filter.task.toUpperCase() })
        .sort({ createdAt: -1 })
        .limit(LIST_LIMIT)
        .lean();
      return docs.filter((d) => !filter.status || d.status === filter.status).map(runToWire);
    }
    if (caller.role === 'agent' && !filter.status) throw new HubError('invalid_args', 'Agents list the runs of one task: /runs --task=CODE.');
    const docs = await this.models.runs
      .find({ status: filter.status ?? { $in: ['awaiting_approval', 'queued', ...HELD_RUN_STATUSES] } })
      .sort({ status: 1, createdAt: 1 })
      .limit(LIST_LIMIT)
      .lean();
    const reader = this.access.taskReader(caller as never);
    const visible: RunDoc[] = [];
    for (const d of docs) if (await reader(d.task)) visible.push(d);
    return visible.map(runToWire);
  }

  /**
   * Stops a run: one not yet claimed ends at once; one a runner holds is asked to stop (the runner
   * reports it `cancelled`). Its requester and people may cancel.
   */
  async cancel(by: Requester, id: string, attempt = 0): Promise<RunWire> {
    const doc = await this.readable(by.principal, id);
    if (by.principal.role === 'agent' && doc.requestedBy.name !== by.principal.name) throw new HubError('forbidden', `Run ${doc._id} was asked for by @${doc.requestedBy.name}; only they or a person may cancel it.`);
    if (FINISHED_RUN_STATUSES.includes(doc.status)) throw new HubError('invalid_transition', `Run ${doc._id} already ended: ${runOutcome(runToWire(doc))}.`);
    const now = this.clock.now();
    const set = { status: 'cancelled' as RunStatus, finishedAt: now, decidedBy: by.principal.name, reason: `by @${by.principal.name}`, expiresAt: null };
    const unclaimed = await this.moves.moveFrom(doc._id, ['queued', 'awaiting_approval'], by.principal.name, () => set, now);
    if (unclaimed) {
      const run = runToWire(unclaimed);
      await this.announce(by, run, 'cancelled', `cancelled run ${run.id} on ${run.task} before it started`, true);
      return run;
    }
    const held = await this.moves.write(doc._id, () =>
      this.models.runs.findOneAndUpdate({ _id: doc._id, status: { $in: HELD_RUN_STATUSES } }, { $set: { cancelRequested: true } }, { new: true, lean: true }),
    );
    // It moved on meanwhile (claimed, or ended): decide again from what it is now.
    if (!held) return attempt < 5 ? this.cancel(by, id, attempt + 1) : Promise.reject(new HubError('conflict', `Run ${doc._id} is changing; try again.`));
    const run = runToWire(held);
    by.emit(agentRoom(held.runner!), 'run:cancel', { run: run.id });
    await this.announce(by, run, 'cancelling', `asked @${held.runner} to stop run ${run.id} on ${run.task}`);
    return run;
  }

  /** A person lets an agent's run go ahead; the first answer wins. */
  async approve(by: Requester, id: string): Promise<RunWire> {
    const doc = await this.decide(by, id, { status: 'queued', decidedBy: by.principal.name, expiresAt: null });
    const run = runToWire(doc);
    await this.announce(by, run, 'approved', `approved run ${run.id} on ${run.task}: ${clip(run.command)}`);
    await this.hooks.emit('run:queued', { run });
    return run;
  }

  async deny(by: Requester, id: string, reason: string): Promise<RunWire> {
    const doc = await this.decide(by, id, { status: 'cancelled', decidedBy: by.principal.name, reason: `denied by @${by.principal.name}: ${reason}`, expiresAt: null, finishedAt: this.clock.now() });
    const run = runToWire(doc);
    await this.announce(by, run, 'denied', `denied run ${run.id} on ${run.task}: ${reason}`, true);
    return run;
  }

  private async decide(by: Requester, id: string, set: Partial<RunDoc>): Promise<RunDoc> {
    if (by.principal.role === 'agent') throw new HubError('forbidden', 'Only people approve or deny runs.');
    const doc = await this.get(id);
    const after = await this.moves.move(doc._id, 'awaiting_approval', by.principal.name, set, this.clock.now());
    if (after) return after;
    // Moved first by someone else (the mark says who), or never waiting at all.
    const mark = await this.models.runMarks.findOne({ _id: `${doc._id}:awaiting_approval` }).lean();
    if (mark) throw new HubError('invalid_transition', `Run ${doc._id} is not waiting for approval: ${mark.by === 'hub' ? 'it expired' : `@${mark.by} answered first`}.`);
    throw new HubError('invalid_transition', `Run ${doc._id} is not waiting for approval: it is ${doc.status.replace('_', ' ')}.`);
  }

  /** Approvals nobody answered in time are denied (a sweep of the hub). */
  async expireApprovals(by: Posting): Promise<number> {
    const now = this.clock.now();
    const due = await this.models.runs.find({ status: 'awaiting_approval', expiresAt: { $lte: now } }, { _id: 1 }).limit(SWEEP_BATCH).lean();
    let n = 0;
    for (const { _id } of due) {
      const after = await this.moves.move(_id, 'awaiting_approval', 'hub', { status: 'cancelled', reason: 'nobody approved it in time', expiresAt: null, finishedAt: now }, now);
      if (!after) continue;
      n++;
      await this.announce(by, runToWire(after), 'expired', `run ${after._id} on ${after.task} expired: nobody approved it in time`, true);
    }
    return n;
  }

  /** Runs whose runner stopped renewing its lease are lost, and their rooms told. */
  async loseLapsed(by: Posting): Promise<number> {
    const now = this.clock.now();
    const due = await this.models.runs.find({ status: { $in: HELD_RUN_STATUSES }, leaseUntil: { $lte: now } }, { _id: 1 }).limit(SWEEP_BATCH).lean();
    let n = 0;
    for (const { _id } of due) {
      // Renewed since it was read: its runner is back.
      const fresh = await this.models.runs.findOne({ _id }, { leaseUntil: 1 }).lean();
      if (!fresh?.leaseUntil || fresh.leaseUntil.getTime() > now.getTime()) continue;
      const after = await this.moves.moveFrom(_id, HELD_RUN_STATUSES, 'hub', () => ({ status: 'lost', finishedAt: now, leaseUntil: null }), now);
      if (!after) continue;
      n++;
      const run = runToWire(after);
      await this.announce(by, run, 'lost', `run ${run.id} on ${run.task} is lost: @${run.runner} stopped answering`, true);
      await by.post(taskRoom(run.task), `⚠️ Run ${run.id} is lost: its runner @${run.runner} went silent. Its output so far is kept: /run-log ${run.id}`, { run: run.id, change: 'lost' });
    }
    return n;
  }

  /** Activity entry plus `run:updated` (and `run:finished` when it ended) to the task's room. */
  async announce(by: Posting | Requester, run: RunWire, change: string, text: string, finished = false): Promise<void> {
    await this.activity.record(by, `run.${change}`, text, { task: run.task, sprint: run.sprint });
    by.emit(taskRoom(run.task), 'run:updated', { run, change });
    if (finished) {
      by.emit(taskRoom(run.task), 'run:finished', { run, change });
      await this.activity.daily.runFinished(run.requestedBy, run.status);
    }
  }
}

export const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
