import { artifactUri, casUri, type Activity, type Artifact, type Parcel, type ArtifactOwner, type ChatMessage, type PrincipalRef, type Sprint, type SprintProgress, type Task, type TaskSummary } from '../../protocol/index.js';
import type { ArtifactDoc } from '../db/models/artifact.js';
import type { ActivityDoc } from '../db/models/activity.js';
import type { MessageDoc } from '../db/models/message.js';
import type { ParcelDoc } from '../db/models/parcel.js';
import type { PrincipalDoc } from '../db/models/principal.js';
import type { SprintDoc } from '../db/models/sprint.js';
import type { TaskDoc } from '../db/models/task.js';

/** Database documents to wire entities: ids become strings, dates ISO strings. */

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function principalRef(p: Pick<PrincipalDoc, '_id' | 'name' | 'kind'>): PrincipalRef {
  return { id: String(p._id), name: p.name, kind: p.kind };
}

export function taskToWire(t: TaskDoc): Task {
  return {
    id: String(t._id),
    code: t.code,
    title: t.title,
    sprint: t.sprint,
    status: t.status,
    priority: t.priority,
    assignee: t.assignee ?? null,
    context: t.context ?? '',
    summary: t.summary ?? null,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt)!,
    updatedAt: iso(t.updatedAt)!,
    startedAt: iso(t.startedAt),
    completedAt: iso(t.completedAt),
    claimedBy: t.claimedBy ?? null,
    leaseUntil: iso(t.leaseUntil),
    dependsOn: t.dependsOn ?? [],
    parent: t.parent ?? null,
    collaborators: t.collaborators ?? [],
    reviewRequired: t.reviewRequired ?? null,
    reviewers: t.reviewers ?? [],
  };
}

export function taskSummary(task: Task): TaskSummary {
  const { context: _context, ...summary } = task;
  return summary;
}

export function sprintToWire(s: SprintDoc, progress?: SprintProgress): Sprint {
  return {
    id: String(s._id),
    code: s.code,
    title: s.title,
    status: s.status,
    createdBy: s.createdBy,
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
    ...(s.endsAt ? { endsAt: iso(s.endsAt) } : {}),
    ...(progress ? { progress } : {}),
    reviewRequired: s.reviewRequired ?? false,
    reviewers: s.reviewers ?? [],
  };
}

export function activityToWire(a: ActivityDoc): Activity {
  return {
    id: String(a._id),
    type: a.type,
    actor: a.actor,
    text: a.text,
    task: a.task ?? null,
    sprint: a.sprint ?? null,
    ...(a.from || a.to ? { from: a.from ?? null, to: a.to ?? null } : {}),
    createdAt: iso(a.createdAt)!,
  };
}

export function messageToWire(m: MessageDoc): ChatMessage {
  return {
    id: String(m._id),
    room: m.room,
    seq: m.seq,
    kind: m.kind,
    sender: { id: m.sender.id, name: m.sender.name, kind: m.sender.kind },
    text: m.text,
    clientId: m.clientId ?? null,
    replyTo: m.replyTo ? String(m.replyTo) : null,
    result: m.result ?? null,
    meta: m.meta ?? null,
    createdAt: iso(m.createdAt)!,
  };
}

export function ownerOf(a: Pick<ArtifactDoc, 'ownerKind' | 'ownerCode'>): ArtifactOwner {
  return a.ownerKind === 'project' ? { kind: 'project', code: null } : { kind: a.ownerKind, code: a.ownerCode };
}

export function artifactToWire(a: ArtifactDoc): Artifact {
  const owner = ownerOf(a);
  return {
    id: String(a._id),
    name: a.name,
    owner,
    version: a.version,
    sha256: a.sha256,
    size: a.size,
    mediaType: a.mediaType,
    doc: a.doc,
    uploadedBy: a.uploadedBy,
    createdAt: iso(a.createdAt)!,
    uri: artifactUri(owner, a.name),
    versionUri: artifactUri(owner, a.name, a.version),
    casUri: casUri(a.sha256),
  };
}

export function parcelToWire(p: ParcelDoc): Parcel {
  return {
    id: String(p._id),
    from: { id: p.from.id, name: p.from.name, kind: p.from.kind },
    to: p.to,
    subject: p.subject,
    body: p.body ?? '',
    kind: p.kind,
    task: p.task ?? null,
    attachments: (p.attachments ?? []).map((a) => ({ name: a.name, uri: a.uri, sha256: a.sha256, size: a.size, mediaType: a.mediaType })),
    replyTo: p.replyTo ? String(p.replyTo) : null,
    threadId: String(p.threadId),
    status: p.status,
    redactions: p.redactions ?? 0,
    createdAt: iso(p.createdAt)!,
    deliveredAt: iso(p.deliveredAt),
    readAt: iso(p.readAt),
  };
}
