import { Types } from 'mongoose';
import { monthOf } from './inbox.js';
import { LOBBY, agentRoom, taskRoom, type RoomName, type ChatMessage, type Parcel, type ParsedArtifactRef, type ParsedRoom, type Task, type PrincipalWithRole } from '../../protocol/index.js';
import type { ParcelDoc } from '../db/models/parcel.js';
import type { TaskDoc } from '../db/models/task.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import { InsertBatcher } from './insert-batcher.js';
import type { PrincipalKinds } from './principal-kinds.js';
import type { AccessService } from './access.js';
import type { Posting } from './acting.js';
import type { ActivityService } from './activity.js';
import { mentionedNames } from './mentions.js';
import type { LoopGuard, Paused } from './loop-guard.js';
import type { InlineText, ParcelAttachments } from './parcel-attachments.js';
import { redactSecrets } from './redaction.js';
import type { TaskService } from './tasks.js';
import { artifactToWire, parcelToWire } from './wire.js';
import { utcTimeOfDay } from './time-format.js';
import type { Emit } from './events.js';

export type ParcelKind = Parcel['kind'];

export interface ParcelInput {
  /** Principal names, lower-case. */
  to: string[];
  subject: string;
  body: string;
  kind: ParcelKind;
  task?: string | null;
  attach?: ParsedArtifactRef[];
  inline?: InlineText[];
  replyTo?: string | null;
  /** Assignments may name someone who has no token yet: the parcel waits for them. */
  allowUnknownRecipients?: boolean;
  /** Artifacts mentioned, not attached (in the metadata of the messages posted about it). */
  artifactUris?: string[];
  /** The room the conversation happens in (a mention's), told when the loop guard pauses it. */
  room?: RoomName | null;
}

interface Sender extends Posting {
  principal: PrincipalWithRole;
}

const PARCEL_ID = /^[a-f0-9]{24}$/;
/** Mentions in one message that are turned into notices; more is noise, not a conversation. */
const MAX_MENTIONS = 10;

export const parcelId = (id: string): Types.ObjectId => {
  if (!PARCEL_ID.test(id)) throw new HubError('invalid_args', `"${id}" is not a message id: ids are 24 hex characters, as /messages-check shows them.`);
  return new Types.ObjectId(id);
};

/**
 * The postmaster turns a send into parcels: it checks everything first (recipients, task, thread,
 * attachments and the sender's right to each), redacts secrets from the subject, the body and
 * text attachments, stores attachment bytes, stores one parcel per recipient (queued), sends
 * `parcel:new` to each inbox as soon as it is stored, and then announces: a line in each inbox
 * room, a line in the task's room for a parcel about a task, and an activity entry. Delivery and
 * reading are the inbox's.
 */
export class Postmaster {
  private readonly inserts: InsertBatcher<ParcelDoc>;

  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly access: AccessService,
    private readonly attachments: ParcelAttachments,
    private readonly activity: ActivityService,
    private readonly loops: LoopGuard,
    private readonly kinds: PrincipalKinds,
    /** Events sent at once, not held until the command's messages are stored. */
    private readonly emitNow: Emit,
  ) {
    this.inserts = new InsertBatcher<ParcelDoc>(models.parcels.collection);
  }

  async send(by: Sender, input: ParcelInput): Promise<Parcel[]> {
    const to = [...new Set(input.to)];
    // An agent writing to agents: the loop guard may have paused that conversation.
    const conversing = by.principal.kind === 'agent' && (input.kind === 'message' || input.kind === 'mention');
    const kinds = await this.kinds.of(to);
    const agents = conversing ? to.filter((n) => kinds.get(n) === 'agent') : [];
    this.loops.assertOpen(by.principal.name, agents);
    if (!input.allowUnknownRecipients) {
      const unknown = to.filter((n) => !kinds.has(n));
      if (unknown.length) throw new HubError('not_found', `Nobody is called ${unknown.map((n) => `@${n}`).join(', ')}; /agents lists the agents.`);
    }
    const task = input.task ? await this.tasks.get(input.task, by.taskMemo) : null;
    if (task) await this.access.assertRoom(by.principal, { kind: 'task', id: task.code, name: taskRoom(task.code) });
    const thread = input.replyTo ? await this.threadOf(by.principal.name, input.replyTo) : null;
    const prepared = await this.attachments.prepare(by.principal, input.attach ?? [], input.inline ?? []);

    const subject = redactSecrets(input.subject);
    const body = redactSecrets(input.body);
    const stored = await this.attachments.store(by, prepared, task);
    const redactions = subject.redactions + body.redactions + stored.redactions;
    const createdAt = new Date();
    const threadId = thread?.threadId ?? new Types.ObjectId();
    const stamp = by.op?.next('parcel');
    const docs = await this.storeParcels(
      by.op?.resend ? stamp : undefined,
      to.map((name) => ({
        _id: new Types.ObjectId(),
        from: { id: by.principal.id, name: by.principal.name, kind: by.principal.kind },
        to: name,
        subject: subject.text,
        body: body.text,
        kind: input.kind,
        task: task?.code ?? null,
        attachments: stored.attachments,
        attachmentShas: stored.attachments.map((a) => a.sha256),
        replyTo: thread?._id ?? null,
        threadId,
        status: 'queued',
        redactions,
        createdAt,
        month: monthOf(createdAt),
        deliveredAt: null,
        readAt: null,
        op: stamp ?? null,
      })),
    );
    const parcels = docs.stored.map(parcelToWire);
    // A stored parcel is the recipient's news at once, before the lines about it: its inbox would
    // hand it over on the next connection anyway, and a resend announces the same parcel again.
    for (const p of parcels) this.emitNow(agentRoom(p.to), 'parcel:new', { parcel: p });
    if (docs.fresh) this.activity.daily.parcelsQueued(parcels.length);
    await this.announce(by, parcels, task, input.artifactUris ?? []);
    for (const p of this.loops.record(by.principal.name, agents)) await this.loopPaused(by, p, input.room ?? (task ? taskRoom(task.code) : null));
    return parcels;
  }

  /**
   * Inserts the parcels (in `_id` order, which inboxes list by). A resent command (`resentStamp`)
   * first looks for those its first run stored, and stores only the others (fresh: false).
   */
  private async storeParcels(resentStamp: string | undefined, docs: ParcelDoc[]): Promise<{ stored: ParcelDoc[]; fresh: boolean }> {
    if (!resentStamp) {
      await this.insert(docs);
      return { stored: docs, fresh: true };
    }
    const earlier = await this.models.parcels.find({ op: resentStamp }).limit(docs.length).lean<ParcelDoc[]>();
    const missing = docs.filter((d) => !earlier.some((e) => e.to === d.to));
    if (missing.length) await this.insert(missing);
    return { stored: docs.map((d) => earlier.find((e) => e.to === d.to) ?? d), fresh: earlier.length === 0 };
  }

  /** New parcels, with those of concurrent sends (group commit); their ids are new, so any refusal is a failure. */
  private async insert(docs: ParcelDoc[]): Promise<void> {
    const refused = (await this.inserts.insert(docs)).find((err) => err);
    if (refused) throw refused;
  }

  /** Tells both agents (in their inboxes), the room they talked in, and the activity feed people watch. */
  private async loopPaused(by: Sender, paused: Paused, room: RoomName | null): Promise<void> {
    const [a, b] = paused.agents;
    const until = utcTimeOfDay(paused.until);
    const text = `⏸️ @${a} and @${b} were answering each other faster than people can follow (${paused.messages} messages): their conversation is paused until ${until} UTC.`;
    const meta = { loopPaused: { agents: paused.agents, until: paused.until.toISOString() } };
    for (const r of new Set<RoomName>([agentRoom(a), agentRoom(b), room ?? LOBBY])) by.post(r, text, meta);
    const other = a === by.principal.name ? b : a;
    await this.activity.record(by, 'agents.paused', `was paused with @${other} until ${until} UTC: ${paused.messages} messages back and forth, a loop?`);
  }

  /**
   * A task given to someone: a parcel with its context (and the URIs of its artifacts, which the
   * assignee may now read), posted as "New task assigned" in the task's room.
   */
  async assigned(by: Sender, task: Task): Promise<Parcel | null> {
    if (!task.assignee || task.assignee === by.principal.name) return null;
    const artifacts = await this.models.artifacts.find({ ownerKind: 'task', ownerCode: task.code }).sort({ name: 1, version: -1 }).limit(50).lean();
    const latest = artifacts.filter((a, i) => i === 0 || artifacts[i - 1]!.name !== a.name).map(artifactToWire);
    const body = [
      `${task.code} in sprint ${task.sprint}: ${task.title}`,
      `Priority ${task.priority}, status ${task.status}.`,
      task.context ? `Context:\n${task.context}` : 'No context yet: ask in the task room, or add notes with /task-note as you go.',
      ...(latest.length ? [`Artifacts:\n${latest.map((a) => `- ${a.name}: ${a.uri}`).join('\n')}`] : []),
      `Start with /task-status ${task.code} --status=in_progress, note progress with /task-note ${task.code} "...", finish with /task-done ${task.code} "summary".`,
    ].join('\n\n');
    const [parcel] = await this.send(by, {
      to: [task.assignee],
      kind: 'assignment',
      subject: `New task assigned: ${task.title}`,
      body,
      task: task.code,
      allowUnknownRecipients: true,
      artifactUris: latest.map((a) => a.uri),
    });
    return parcel ?? null;
  }

  /** `@name` in a chat message: a `mention` to each named principal's inbox, and for agents a parcel. */
  async mentioned(by: Sender, room: ParsedRoom, message: ChatMessage): Promise<void> {
    const names = mentionedNames(message.text).filter((n) => n !== by.principal.name).slice(0, MAX_MENTIONS);
    if (!names.length) return;
    const found = await this.kinds.of(names);
    for (const name of found.keys()) by.emit(agentRoom(name), 'mention', { message, by: by.principal });
    const agents = [...found].filter(([, kind]) => kind === 'agent').map(([name]) => name);
    if (!agents.length) return;
    await this.send(by, {
      to: agents,
      kind: 'mention',
      subject: `@${by.principal.name} mentioned you in ${room.name}`,
      body: message.text,
      task: room.kind === 'task' ? room.id! : null,
      allowUnknownRecipients: true,
      room: room.name,
    });
  }

  /** The parcel replied to, which the sender must have sent or received. */
  private async threadOf(caller: string, id: string): Promise<ParcelDoc> {
    const parent = await this.models.parcels.findById(parcelId(id)).lean<ParcelDoc>();
    if (!parent || (parent.to !== caller && parent.from.name !== caller)) {
      throw new HubError('not_found', `There is no message ${id} in your inbox or among what you sent.`);
    }
    return parent;
  }

  private async announce(by: Sender, parcels: Parcel[], task: Pick<TaskDoc, 'title' | 'sprint'> | null, mentionedUris: string[]): Promise<void> {
    const first = parcels[0]!;
    const names = parcels.map((p) => `@${p.to}`);
    const recipients = names.length > 5 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    const uris = [...first.attachments.map((a) => a.uri), ...mentionedUris];
    for (const p of parcels) {
      by.post(agentRoom(p.to), `${icon(p.kind)} ${p.kind === 'assignment' ? p.subject : `From @${p.from.name}: ${p.subject}`}`, {
        parcel: p.id,
        kind: p.kind,
        task: p.task,
        artifacts: uris,
      });
    }
    // A mention's line is already in the room it was written in.
    if (first.task && first.kind !== 'mention') {
      const text =
        first.kind === 'assignment'
          ? `New task assigned: ${task?.title} → ${recipients}`
          : `${icon(first.kind)} @${first.from.name} → ${recipients}: ${first.subject}`;
      by.post(taskRoom(first.task), text, { parcels: parcels.map((p) => p.id), kind: first.kind, task: first.task, artifacts: uris });
    }
    const redacted = first.redactions ? ` (${first.redactions} secret${first.redactions === 1 ? '' : 's'} redacted)` : '';
    // The feed is read by everyone: a direct message's subject is for its recipients (and the task room).
    const what = first.kind === 'message' || first.kind === 'mention' ? `a ${first.kind}` : `${first.kind} "${first.subject}"`;
    await this.activity.record(by, `parcel.${first.kind}`, `sent ${what} to ${recipients}${redacted}`, { task: first.task, sprint: task?.sprint ?? null });
  }
}

const icon = (kind: ParcelKind) => ({ message: '✉️', assignment: '📋', mention: '💬', broadcast: '📣', notice: 'ℹ️' })[kind];
