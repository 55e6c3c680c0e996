import type { Activity, DashboardData, Sprint, TaskStatus, TaskSummary } from '../../../../protocol/index.js';

/** Result data arrives as `unknown`: each view checks the shape it needs, or the text is shown. */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export interface TableShape {
  title?: string;
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}
export const asTable = (d: unknown): TableShape | null => (isObject(d) && Array.isArray(d.columns) && Array.isArray(d.rows) ? (d as unknown as TableShape) : null);

export interface TaskDetailShape {
  task: TaskSummary & { context?: string };
  activity: Activity[];
  /** Dependencies not finished yet (absent from older hubs). */
  waitingOn?: { code: string; status: TaskStatus }[];
  subtasks?: { total: number; done: number; percentDone: number; subtasks: { code: string; title: string; status: TaskStatus; assignee: string | null }[] };
  review?: { required: boolean; reviewers: string[] };
}
export const asTaskDetail = (d: unknown): TaskDetailShape | null =>
  isObject(d) && isObject(d.task) && typeof d.task.code === 'string' ? ({ activity: [], ...d } as unknown as TaskDetailShape) : null;

export interface SprintDetailShape {
  sprint: Sprint;
  tasks: Record<TaskStatus, TaskSummary[]>;
}
export const asSprintDetail = (d: unknown): SprintDetailShape | null =>
  isObject(d) && isObject(d.sprint) && isObject(d.tasks) ? (d as unknown as SprintDetailShape) : null;

export const asDashboard = (d: unknown): DashboardData | null => (isObject(d) && isObject(d.stats) && Array.isArray(d.activeSprints) ? (d as unknown as DashboardData) : null);

export type HelpShape =
  | { commands: { name: string; usage: string; summary: string }[] }
  | { command: { name: string; usage: string; summary: string; aliases: string[]; options: { name: string; description: string; positional: boolean }[] } };
export const asHelp = (d: unknown): HelpShape | null => (isObject(d) && (Array.isArray(d.commands) || isObject(d.command)) ? (d as unknown as HelpShape) : null);

export interface TextShape {
  title?: string;
  text: string;
  mediaType?: string;
  truncated?: boolean;
}
export const asText = (d: unknown): TextShape | null => (isObject(d) && typeof d.text === 'string' ? (d as unknown as TextShape) : null);
