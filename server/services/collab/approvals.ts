import { LOBBY, taskRoom, type Approval, type ApprovalKind, type ApprovalStatus, type Role, type RoomName, type PrincipalWithRole } from '../../../protocol/index.js';
import type { ApprovalDoc } from '../../db/models/approval.js';
import type { Models } from '../../db/models/index.js';
import type { PrincipalKinds } from '../principal-kinds.js';
import { HubError } from '../../errors.js';
import type { Posting } from '../acting.js';
import type { ActivityService } from '../activity.js';
import type { Clock } from '../clock.js';
import { isDuplicateKey } from '../mongo-errors.js';
import type { Postmaster } from '../postmaster.js';
import { redactSecrets } from '../redaction.js';
import { shortId } from './short-id.js';
import { utcMinute } from '../time-format.js';

export type Sender = Posting & { principal: PrincipalWithRole };
export type Decision = 'approved' | 'denied';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function approvalToWire(a: ApprovalDoc): Approval {
  return {
    id: a._id,
    kind: a.kind,
    question: a.question,
    task: a.task ?? null,
    requestedBy: a.requestedBy,
    approvers: a.approvers ?? [],
    status: a.status,
    expiresAt: iso(a.expiresAt),
    decidedBy: a.decidedBy ?? null,
    comment: a.comment ?? null,
    decidedAt: iso(a.decidedAt),
    createdAt: a.createdAt.toISOString(),
  };
}

/** Where an approval is announced: its task's room, or the lobby. */
const roomOf = (a: Pick<Approval, 'task'>): RoomName => (a.task ? taskRoom(a.task) : LOBBY);

/**
 * Questions only people answer. Resolved exactly once: the answer is inserted under the
 * approval's id (approval_outcomes), so of two answers at the same moment, on any hubs, one
 * insert wins and the other is told who answered first. Expiry resolves the same way, as denied.
 */
export class ApprovalService {
  constructor(
    private readonly models: Models,
    private readonly postmaster: Postmaster,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
    private readonly principals: PrincipalKinds,
  ) {}

  async request(by: Sender, input: { kind: ApprovalKind; question: string; task?: string | null; approvers?: string[]; expiresMs?: number | null }): Promise<Approval> {
    const approvers = [...new Set(input.approvers ?? [])];
    if (approvers.length) {
      const kinds = await this.principals.known(approvers);
      const agents = approvers.filter((n) => kinds.get(n) === 'agent').map((n) => `@${n}`);
      if (agents.length) throw new HubError('invalid_args', `${agents.join(', ')} ${agents.length === 1 ? 'is an agent' : 'are agents'}; only people approve. Name people, or nobody for any person.`);
    }
    if (input.task && !(await this.models.tasks.exists({ code: input.task }))) throw new HubError('not_found', `There is no task ${input.task}; /tasks lists them.`);
    const now = this.clock.now();
    const doc = await this.insert({
      kind: input.kind,
      // Posted in rooms and inboxes: stored without secrets, as chat lines are.
      question: redactSecrets(input.question).text,
      task: input.task ?? null,
      requestedBy: by.principal.name,
      approvers,
      anyPerson: approvers.length === 0,
      status: 'pending',
      expiresAt: input.expiresMs ? new Date(now.getTime() + input.expiresMs) : null,
    });
    const approval = approvalToWire(doc);
    const who = approvers.length ? approvers.map((n) => `@${n}`).join(', ') : 'any person';
    const verbs = approval.kind === 'review' ? `/task-approve ${approval.task} or /task-reject ${approval.task} "why"` : `/approve ${approval.id} or /deny ${approval.id} "why"`;
    const expires = approval.expiresAt ? ` Expires ${utcMinute(approval.expiresAt)} (then counts as denied).` : '';
    await by.post(roomOf(approval), `🗳️ ${approval.id} for ${who}, from @${by.principal.name}: ${approval.question} (${verbs}).${expires}`, { approval: approval.id, task: approval.task });
    if (approvers.length) {
      await this.postmaster.send(by, {
        to: approvers,
        kind: 'notice',
        subject: `${approval.kind === 'review' ? 'Review' : 'Approval'} ${approval.id} from @${by.principal.name}: ${approval.question}`.slice(0, 300),
        body: `${approval.question}\n\nAnswer with ${verbs}.${expires}`,
        task: approval.task,
        allowUnknownRecipients: true,
      });
    }
    await this.activity.record(by, 'approval.requested', `asked ${who}: ${approval.question} (${approval.id})`, { task: approval.task });
    return approval;
  }

  async get(id: string): Promise<ApprovalDoc> {
    const doc = await this.models.approvals.findById(id.toUpperCase()).lean();
    if (!doc) throw new HubError('not_found', `There is no approval ${id.toUpperCase()}; /approvals lists them.`);
    return doc;
  }

  /** The pending review of a task, or a refusal saying the task is not in review. */
  async pendingReview(task: string): Promise<ApprovalDoc> {
    const doc = await this.models.approvals.findOne({ task, kind: 'review', status: 'pending' }).lean();
    if (!doc) throw new HubError('invalid_transition', `${task} is not waiting for a review; /approvals --status=pending lists what is.`);
    return doc;
  }

  /** A person answers. Agents never do; named approvers (and admins) only, when some are named. */
  async decide(by: Sender, id: string, decision: Decision, rawComment: string | null): Promise<Approval> {
    const comment = rawComment === null ? null : redactSecrets(rawComment).text;
    if (by.principal.role === 'agent') throw new HubError('forbidden', 'Agents never approve or deny; a person decides.');
    const doc = await this.get(id);
    const me = by.principal.name;
    if (!doc.anyPerson && !doc.approvers.includes(me) && by.principal.role !== 'admin') {
      throw new HubError('forbidden', `${doc._id} is for ${doc.approvers.map((n) => `@${n}`).join(', ')} to decide.`);
    }
    if (doc.status === 'pending' && doc.expiresAt && doc.expiresAt.getTime() <= this.clock.now().getTime()) {
      await this.resolve(by, doc, 'expired', 'switchboard', null).catch(() => undefined);
      throw new HubError('invalid_transition', `${doc._id} expired at ${utcMinute(doc.expiresAt)} and counts as denied; ask again with /approval-request.`);
    }
    return this.resolve(by, doc, decision, me, comment);
  }

  /** Pending approvals whose time ran out: each resolved as expired (counted as denied). */
  async expireDue(by: Sender): Promise<number> {
    const due = await this.models.approvals.find({ status: 'pending', expiresAt: { $lte: this.clock.now() } }).limit(100).lean();
    let expired = 0;
    for (const doc of due) {
      try {
        await this.resolve(by, doc, 'expired', 'switchboard', null);
        expired++;
      } catch (err) {
        if (!(err instanceof HubError)) throw err; // someone answered first
      }
    }
    return expired;
  }

  async list(filter: { status?: ApprovalStatus; requestedBy?: string; limit?: number }): Promise<Approval[]> {
    const query: Record<string, string> = {};
    if (filter.status) query.status = filter.status;
    if (filter.requestedBy) query.requestedBy = filter.requestedBy;
    const docs = await this.models.approvals
      .find(query)
      .sort({ createdAt: -1 })
      .limit(filter.limit ?? 50)
      .lean();
    return docs.map(approvalToWire);
  }

  /** What `name` may decide now: approvals naming them, and those any person may answer. */
  async waitingFor(name: string, role: Role): Promise<Approval[]> {
    if (role === 'agent') return [];
    const [named, open] = await Promise.all([
      this.models.approvals.find({ approvers: name, status: 'pending' }).sort({ createdAt: -1 }).limit(50).lean(),
      this.models.approvals.find({ anyPerson: true, status: 'pending' }).sort({ createdAt: -1 }).limit(50).lean(),
    ]);
    const now = this.clock.now().getTime();
    return [...named, ...open].filter((a) => !a.expiresAt || a.expiresAt.getTime() > now).map(approvalToWire);
  }

  private async resolve(by: Sender, doc: ApprovalDoc, outcome: Decision | 'expired', decider: string, comment: string | null): Promise<Approval> {
    const at = this.clock.now();
    try {
      await this.models.approvalOutcomes.create({ _id: doc._id, outcome, by: decider, comment, at });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = (await this.models.approvalOutcomes.findById(doc._id).lean())!;
      // The winner may have stopped before recording it on the approval: finish that for it.
      await this.record(doc._id, first.outcome, first.by, first.comment, first.at);
      throw new HubError('invalid_transition', `${doc._id} was already ${first.outcome}${first.outcome === 'expired' ? '' : ` by @${first.by}`} at ${utcMinute(first.at)}.`);
    }
    const after = approvalToWire(await this.record(doc._id, outcome, decider, comment, at));
    const verdict = outcome === 'expired' ? 'expired (counted as denied)' : `${outcome} by @${decider}`;
    const text = `${after.id} ${verdict}${comment ? `: ${comment}` : ''}`;
    await by.post(roomOf(after), `${outcome === 'approved' ? '✅' : '⛔'} ${text}. (${after.question})`, { approval: after.id, task: after.task, outcome });
    if (after.requestedBy !== decider) {
      await this.postmaster.send(by, {
        to: [after.requestedBy],
        kind: 'notice',
        subject: text.slice(0, 300),
        body: `You asked: ${after.question}\n\nOutcome: ${verdict}${comment ? `\nComment: ${comment}` : ''}`,
        task: after.task,
        allowUnknownRecipients: true,
      });
    }
    await this.activity.record(by, `approval.${outcome}`, text, { task: after.task });
    return after;
  }

  private async record(id: string, outcome: Decision | 'expired', by: string, comment: string | null, at: Date): Promise<ApprovalDoc> {
    return (await this.models.approvals.findOneAndUpdate(
      { _id: id },
      { $set: { status: outcome, decidedBy: by, comment, decidedAt: at } },
      { new: true, lean: true },
    ))!;
  }

  private async insert(fields: Omit<ApprovalDoc, '_id' | 'createdAt' | 'updatedAt' | 'decidedBy' | 'comment' | 'decidedAt'>): Promise<ApprovalDoc> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.models.approvals.create({ _id: shortId('A'), ...fields })).toObject() as ApprovalDoc;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }
}
