import { z } from 'zod';
import { SPRINT_STATUSES, TASK_PRIORITIES, TASK_STATUSES } from './status.js';

/** Entities as they travel on the wire: ids are strings, times are ISO-8601 strings. */

export const PRINCIPAL_KINDS = ['person', 'agent'] as const;
export const ROLES = ['admin', 'member', 'agent'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];
export type Role = (typeof ROLES)[number];

export const PrincipalRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum([...PRINCIPAL_KINDS, 'system']),
});
export type PrincipalRef = z.infer<typeof PrincipalRefSchema>;

/** A principal with the role it acts in: who sends a command, holds a socket or an MCP session. */
export interface PrincipalWithRole extends PrincipalRef {
  role: Role;
}

export const PrincipalSchema = PrincipalRefSchema.extend({
  kind: z.enum(PRINCIPAL_KINDS),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

export const TaskSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  sprint: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  assignee: z.string().nullable(),
  context: z.string(),
  summary: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** The agent holding the task through /task-claim, and until when. */
  claimedBy: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  /** Collaboration fields (always sent by this hub; optional for older ones). Tasks that must be completed (or cancelled) before this one is ready. */
  dependsOn: z.array(z.string()).optional(),
  /** The task this one is a subtask of. */
  parent: z.string().nullable().optional(),
  /** Agents given the task's room and rights without being its assignee. */
  collaborators: z.array(z.string()).optional(),
  /** true: an agent's /task-done goes to review; false: never; null: as its sprint says. */
  reviewRequired: z.boolean().nullable().optional(),
  /** Who may approve its review (any person when empty). */
  reviewers: z.array(z.string()).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

/** A task without its context: what command results carry, so a note does not re-send every note. */
export type TaskSummary = Omit<Task, 'context'>;

export const SprintProgressSchema = z.object({
  total: z.number().int(),
  /** Count of tasks per status; statuses with no task are 0. */
  byStatus: z.record(z.enum(TASK_STATUSES), z.number().int()),
  /** Completed tasks over tasks not cancelled, 0..100, rounded. */
  percentDone: z.number(),
});
export type SprintProgress = z.infer<typeof SprintProgressSchema>;

export const SprintSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(SPRINT_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The planned end (ISO), when the sprint was given one: forecasts say whether work finishes before it. */
  endsAt: z.string().nullable().optional(),
  progress: SprintProgressSchema.optional(),
  /** Every task of the sprint needs a person's approval after an agent's /task-done. */
  reviewRequired: z.boolean().optional(),
  reviewers: z.array(z.string()).optional(),
});
export type Sprint = z.infer<typeof SprintSchema>;

export const ActivitySchema = z.object({
  id: z.string(),
  type: z.string(),
  actor: PrincipalRefSchema,
  text: z.string(),
  task: z.string().nullable(),
  sprint: z.string().nullable(),
  /** On a task's status change: the status it left and the one it entered. */
  from: z.enum(TASK_STATUSES).nullable().optional(),
  to: z.enum(TASK_STATUSES).nullable().optional(),
  createdAt: z.string(),
});
export type Activity = z.infer<typeof ActivitySchema>;
