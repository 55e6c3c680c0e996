import { z } from 'zod';
import type { AgentInitEvent } from './agent-init.js';
import type { ArtifactNewEvent } from './artifacts.js';
import type { Activity, PrincipalRef, Role, Sprint, Task } from './entities.js';
import type { WireError } from './errors.js';
import { Limits } from './limits.js';
import type { ChatMessage } from './messages.js';
import type { ParcelAckAck, ParcelAckPayload, ParcelNewEvent } from './parcels.js';
import type { ReadMarkEvent } from './read-marks.js';
import type { CommandResult } from './result.js';
import { RoomNameSchema } from './rooms.js';
import type { RunClaimAck, RunFollowAck, RunListAck, RunOutputChunk, RunUpdatedEvent, RunnerAck } from './runs.js';

/* ---- client -> server payloads (parsed by these schemas before anything else happens) ---- */

export const ChatSendSchema = z.object({
  room: RoomNameSchema,
  text: z.string().min(1, 'empty message'),
  /** Idempotency key: resending with the same id stores nothing new and acks the same message. */
  clientId: z.string().min(1).max(Limits.clientIdChars).optional(),
});
export type ChatSendPayload = z.input<typeof ChatSendSchema>;

export const RoomJoinSchema = z.object({ room: RoomNameSchema });
export type RoomJoinPayload = z.input<typeof RoomJoinSchema>;

export const RoomLeaveSchema = RoomJoinSchema;
export type RoomLeavePayload = RoomJoinPayload;

export const RoomHistorySchema = z
  .object({
    room: RoomNameSchema,
    /** Messages with a seq lower than this, newest page first (then returned oldest first). */
    before: z.number().int().positive().optional(),
    /** Messages with a seq higher than this, oldest first: what a reconnecting client missed. */
    after: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(Limits.historyPage).optional(),
  })
  .refine((p) => p.before === undefined || p.after === undefined, { message: 'give before or after, not both' });
export type RoomHistoryPayload = z.input<typeof RoomHistorySchema>;

/* ---- acks ---- */

export type Failure = { ok: false; error: WireError };

export type ChatSendAck = { ok: true; message: ChatMessage; result?: CommandResult } | Failure;
export type RoomJoinAck = { ok: true; room: string; messages: ChatMessage[] } | Failure;
export type RoomHistoryAck = { ok: true; room: string; messages: ChatMessage[] } | Failure;
export type RoomLeaveAck = { ok: true; room: string } | Failure;

/* ---- server -> client event payloads ---- */

/** What changed in a task: `ready` when its last dependency finished, `lease_lapsed` when its holder's lease ran out. */
export type TaskChangeKind =
  | 'created'
  | 'status'
  | 'note'
  | 'context'
  | 'assignee'
  | 'done'
  | 'claimed'
  | 'released'
  | 'lease_lapsed'
  | 'ready'
  | 'dependencies'
  | 'collaborators'
  | 'handoff'
  | 'policy'
  | 'review'
  | 'rejected';

export interface TaskUpdatedEvent {
  task: Task;
  change: TaskChangeKind;
  by: PrincipalRef;
}

/** What changed in a sprint: `progress` when one of its tasks moved. */
export type SprintChangeKind = 'created' | 'status' | 'progress' | 'task_created' | 'policy';

export interface SprintUpdatedEvent {
  sprint: Sprint;
  change: SprintChangeKind;
  by: PrincipalRef;
}

export interface ActivityNewEvent {
  activity: Activity;
}

export interface PresenceEvent {
  principal: PrincipalRef;
  status: 'online' | 'offline' | 'busy' | 'idle';
}

/** Someone wrote `@name`: sent to the named principal's inbox room. */
export interface MentionEvent {
  message: ChatMessage;
  by: PrincipalRef;
}

/** Sent once after a connection is accepted. */
export interface HelloEvent {
  protocol: number;
  principal: PrincipalRef & { role: Role };
}

/* ---- the typed socket.io maps ---- */

export interface ClientToServerEvents {
  'chat:send': (payload: ChatSendPayload, ack: (res: ChatSendAck) => void) => void;
  'room:join': (payload: RoomJoinPayload, ack: (res: RoomJoinAck) => void) => void;
  'room:leave': (payload: RoomLeavePayload, ack: (res: RoomLeaveAck) => void) => void;
  'room:history': (payload: RoomHistoryPayload, ack: (res: RoomHistoryAck) => void) => void;
  /** Confirms a `parcel:new` was received; unacknowledged parcels come again on the next connect. */
  'parcel:ack': (payload: ParcelAckPayload, ack: (res: ParcelAckAck) => void) => void;
  /** A run's output so far after `after`, one page at a time (readers of the task). */
  'runs:list': (payload: { task: string }, ack: (res: RunListAck) => void) => void;
  'run:follow': (payload: { run: string; after?: number }, ack: (res: RunFollowAck) => void) => void;
  /* Runners only (agents that said runner:hello): */
  'runner:hello': (payload: unknown, ack: (res: RunnerAck) => void) => void;
  'runner:claim': (payload: unknown, ack: (res: RunClaimAck) => void) => void;
  'runner:dispatch': (payload: { task: string; agentToken: string; command: string; timeoutMs: number }, ack: (res: RunClaimAck) => void) => void;
  'runner:heartbeat': (payload: { runs: string[] }, ack: (res: RunnerAck) => void) => void;
  'run:started': (payload: { run: string }, ack: (res: RunnerAck) => void) => void;
  'run:output': (payload: { run: string; seq: number; data: string }, ack: (res: RunnerAck) => void) => void;
  'run:finish': (payload: unknown, ack: (res: RunnerAck) => void) => void;
}

export interface ServerToClientEvents {
  hello: (event: HelloEvent) => void;
  'chat:message': (message: ChatMessage) => void;
  'task:updated': (event: TaskUpdatedEvent) => void;
  'sprint:updated': (event: SprintUpdatedEvent) => void;
  'activity:new': (event: ActivityNewEvent) => void;
  'artifact:new': (event: ArtifactNewEvent) => void;
  'parcel:new': (event: ParcelNewEvent) => void;
  'agent:init': (event: AgentInitEvent) => void;
  mention: (event: MentionEvent) => void;
  presence: (event: PresenceEvent) => void;
  /** A run's output, to its task's room, in `seq` order. */
  'run:output': (chunk: RunOutputChunk) => void;
  'run:updated': (event: RunUpdatedEvent) => void;
  'run:finished': (event: RunUpdatedEvent) => void;
  /** To runners: a run may be claimed. */
  'run:available': (event: { run: string }) => void;
  /** To the runner holding the run: stop it. */
  'run:cancel': (event: { run: string }) => void;
  /** A read mark of the principal moved (another tab or device read on): to its own sockets. */
  'read:mark': (event: ReadMarkEvent) => void;
}

/** Domain events a command may emit to rooms: a subset of the server-to-client map. */
export type DomainEventName =
  | 'task:updated'
  | 'sprint:updated'
  | 'activity:new'
  | 'artifact:new'
  | 'parcel:new'
  | 'agent:init'
  | 'mention'
  | 'presence'
  | 'read:mark'
  | 'run:updated'
  | 'run:finished'
  | 'run:output'
  | 'run:available'
  | 'run:cancel';

/** Between hubs sharing one database (through the Redis adapter). */
export interface InterServerEvents {
  /** A hub wrote this task: the others forget their copies of it. */
  'task:written': (code: string) => void;
  /** Tokens revoked on one hub: the others stop accepting them at once (they keep tokens found valid). */
  'token:revoked': (tokenIds: string[]) => void;
}
