import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { Limits, TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '../../../protocol/index.js';

export interface TaskDoc {
  _id: Types.ObjectId;
  code: string;
  title: string;
  sprint: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: string | null;
  context: string;
  summary: string | null;
  /** Bumped on every write: updates are conditional on it, so concurrent notes never overwrite each other. */
  rev: number;
  /** The agent holding the task through /task-claim, and until when (renewed while it works). */
  claimedBy: string | null;
  /** Set while someone holds a claim: the lease keeper finds held tasks by it (equality, so an index serves it). */
  claimed: boolean;
  leaseUntil: Date | null;
  /** The lease length asked for at the claim: each renewal extends the lease by this much. */
  leaseMs: number | null;
  /** Codes of the tasks this one waits for (completed or cancelled ones no longer count). */
  dependsOn: string[];
  /** The task this one is a subtask of. */
  parent: string | null;
  /** Agents with the task's room and rights besides the assignee (each also has a room grant). */
  collaborators: string[];
  /** Review gate: true or false here, or null to follow the sprint's policy. */
  reviewRequired: boolean | null;
  reviewers: string[];
  /** Agents' runs on this task: run at once, wait for a person (null: the default), or refused. */
  agentRuns?: 'allow' | 'approve' | 'deny' | null;
  createdBy: string;
  startedAt: Date | null;
  completedAt: Date | null;
  /** When it entered its current status, and the time spent in each status it left (ms): cycle times and bottlenecks come from these. */
  statusSince: Date | null;
  timeIn: Partial<Record<TaskStatus, number>>;
  /** Stamps of the last commands that wrote the task (see services/op-stamp.ts): a resent command finds its write made. */
  ops: string[];
  /** Ids of the last notes folded into `context` (see services/task-notes.ts): a note folded twice is seen and skipped. */
  notesFolded?: string[];
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<TaskDoc>(
  {
    code: { type: String, required: true, uppercase: true },
    title: { type: String, required: true, maxlength: Limits.titleChars },
    sprint: { type: String, required: true, uppercase: true },
    status: { type: String, enum: TASK_STATUSES, default: 'todo' },
    priority: { type: String, enum: TASK_PRIORITIES, default: 'medium' },
    assignee: { type: String, default: null },
    context: { type: String, default: '' },
    summary: { type: String, default: null },
    rev: { type: Number, default: 0 },
    claimedBy: { type: String, default: null },
    claimed: { type: Boolean, default: false },
    leaseUntil: { type: Date, default: null },
    leaseMs: { type: Number, default: null },
    dependsOn: { type: [String], default: [] },
    parent: { type: String, default: null },
    collaborators: { type: [String], default: [] },
    reviewRequired: { type: Boolean, default: null },
    reviewers: { type: [String], default: [] },
    agentRuns: { type: String, enum: ['allow', 'approve', 'deny', null], default: null },
    createdBy: { type: String, required: true },
    startedAt: { type: Date, default: null },
    completedAt: { type: Date, default: null },
    statusSince: { type: Date, default: null },
    ops: { type: [String], default: [] },
    notesFolded: { type: [String], default: undefined },
    timeIn: { type: new Schema(Object.fromEntries(TASK_STATUSES.map((s) => [s, Number])), { _id: false }), default: () => ({}) },
  },
  { timestamps: true, collection: 'tasks', versionKey: false },
);
schema.index({ code: 1 }, { unique: true });
schema.index({ sprint: 1, status: 1 });
schema.index({ assignee: 1, status: 1 });
schema.index({ claimed: 1 });
// Who waits for a task that just finished, and a parent's subtasks.
schema.index({ dependsOn: 1 });
schema.index({ parent: 1 });
// Analytics finds the tasks waiting in one status (bottlenecks) by equality on it.
schema.index({ status: 1 });

export const taskModel = (conn: Connection): Model<TaskDoc> => conn.model<TaskDoc>('Task', schema);
