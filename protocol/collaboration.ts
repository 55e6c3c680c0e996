import type { RunWire } from './runs.js';
import type { TaskSummary } from './entities.js';

/**
 * Collaboration workflows: approvals (generic questions and task reviews), scheduled commands
 * and templates, as they travel on the wire.
 */

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** `question`: /approval-request; `review`: a task an agent finished under a review gate. */
export const APPROVAL_KINDS = ['question', 'review'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** Approval ids: `A-` and six letters or digits, typed back in /approve and /deny. */
export const APPROVAL_ID_PATTERN = /^A-[A-Z0-9]{6}$/;

export interface Approval {
  id: string;
  kind: ApprovalKind;
  question: string;
  task: string | null;
  requestedBy: string;
  /** Who may answer; any person (admin or member) when empty. */
  approvers: string[];
  status: ApprovalStatus;
  expiresAt: string | null;
  decidedBy: string | null;
  comment: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** Schedule ids: `SCH-` and six letters or digits. */
export const SCHEDULE_ID_PATTERN = /^SCH-[A-Z0-9]{6}$/;

export interface Schedule {
  id: string;
  /** A cron pattern (five or six fields), or null for an interval. */
  cron: string | null;
  everyMs: number | null;
  tz: string;
  room: string;
  line: string;
  createdBy: string;
  active: boolean;
  nextAt: string | null;
  lastRunAt: string | null;
  createdAt: string;
}

/** One task of a template; `key` names it inside the template (dependencies and parents use keys). */
export interface TemplateTask {
  key: string;
  title: string;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  context: string;
  dependsOn: string[];
  parent: string | null;
  reviewRequired: boolean | null;
}

export interface Template {
  name: string;
  description: string;
  source: string;
  tasks: TemplateTask[];
  createdBy: string;
  createdAt: string;
}

/** The dashboard's "Waiting for you": what a person is asked to decide. */
export interface WaitingForYou {
  approvals: Approval[];
  /** Tasks in review that this person may approve or reject. */
  reviews: TaskSummary[];
  /** Agents' runs waiting for a person (/run-approve, /run-deny), oldest first. */
  runs?: RunWire[];
}
