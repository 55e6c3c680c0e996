import type { CommandResults, DashboardData, TableData } from '../../../../protocol/index.js';

/**
 * A result message says how to render it (its component), not which command made it, and rooms
 * keep results written by older hubs: each view checks the shape it needs, or the text is shown.
 * The shapes are the commands' result types (protocol/command-results.ts).
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export type TableShape = TableData & { title?: string };
const isTable = (d: unknown): d is TableShape => isObject(d) && Array.isArray(d.columns) && Array.isArray(d.rows);
export const asTable = (d: unknown): TableShape | null => (isTable(d) ? d : null);

type TaskDetail = CommandResults['task-detail'];
/** Dependencies, subtasks and the review policy are absent from results stored by older hubs. */
export type TaskDetailShape = Pick<TaskDetail, 'task' | 'activity'> & Partial<Pick<TaskDetail, 'waitingOn' | 'subtasks' | 'review'>>;
const isTaskDetail = (d: unknown): d is Omit<TaskDetailShape, 'activity'> & { activity?: TaskDetail['activity'] } =>
  isObject(d) && isObject(d.task) && typeof d.task.code === 'string';
export const asTaskDetail = (d: unknown): TaskDetailShape | null => (isTaskDetail(d) ? { ...d, activity: d.activity ?? [] } : null);

export type SprintDetailShape = CommandResults['sprint-detail'];
const isSprintDetail = (d: unknown): d is SprintDetailShape => isObject(d) && isObject(d.sprint) && isObject(d.tasks);
export const asSprintDetail = (d: unknown): SprintDetailShape | null => (isSprintDetail(d) ? d : null);

const isDashboard = (d: unknown): d is DashboardData => isObject(d) && isObject(d.stats) && Array.isArray(d.activeSprints);
export const asDashboard = (d: unknown): DashboardData | null => (isDashboard(d) ? d : null);

export type HelpShape = CommandResults['help'];
const isHelp = (d: unknown): d is HelpShape => isObject(d) && (Array.isArray(d.commands) || isObject(d.command));
export const asHelp = (d: unknown): HelpShape | null => (isHelp(d) ? d : null);

/** An artifact preview's text; other `Text` results are shown as their text. */
export type TextShape = Partial<CommandResults['artifact-preview']> & { text: string };
const isText = (d: unknown): d is TextShape => isObject(d) && typeof d.text === 'string';
export const asText = (d: unknown): TextShape | null => (isText(d) ? d : null);
