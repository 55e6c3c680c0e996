import type { AgentStatus } from './agents.js';
import type { Artifact } from './artifacts.js';
import type { Activity, PrincipalKind, Sprint, Task, TaskSummary } from './entities.js';
import type { TaskStatus } from './status.js';
import type { WaitingForYou } from './collaboration.js';

/**
 * Read-only views over HTTP (`GET /api/orchestration/...`, bearer): what a client shows around
 * the chat. They change nothing and post nothing; every change still goes through a command.
 */

/** An agent on the dashboard: its presence (`offline` without a live socket) and what it holds. */
export interface DashboardAgent {
  name: string;
  agentRole: string;
  status: AgentStatus;
  currentTask: string | null;
  lastSeenAt: string | null;
}

/** `/dashboard` (component `Dashboard`) and `GET /api/orchestration/dashboard`: one shape. */
export interface DashboardData {
  /** The principal the dashboard was made for: "my tasks" and "unread" are theirs. */
  me: string;
  stats: {
    /** Sprints whose status is `active`. */
    activeSprints: number;
    /** Tasks assigned to me that are not completed or cancelled. */
    myTasks: number;
    /** Inbox parcels to me that are not read yet. */
    unreadMessages: number;
    /** Agents with a live socket (online, busy or idle). */
    agentsOnline: number;
    agentsTotal: number;
  };
  /** Active sprints, with progress, most recently created first. */
  activeSprints: Sprint[];
  myTasks: TaskSummary[];
  /** The latest activity, newest first. */
  recentActivity: Activity[];
  agents: DashboardAgent[];
  /** Approvals and reviews this principal may decide (empty for agents, which never approve). */
  waitingForYou?: WaitingForYou;
  generatedAt: string;
}

/** `GET /api/orchestration/directory`: sprints, tasks and names, for room lists and autocomplete. */
export interface DirectoryView {
  sprints: Sprint[];
  /** Every task, without its context (at most 1000, the open ones first). */
  tasks: TaskSummary[];
  principals: { name: string; kind: PrincipalKind; online: boolean }[];
}

/** `GET /api/orchestration/sprints/<CODE>`: the sprint, its tasks by status and its artifacts. */
export interface SprintView {
  sprint: Sprint;
  tasks: Record<TaskStatus, TaskSummary[]>;
  artifacts: Artifact[];
}

/** `GET /api/orchestration/tasks/<CODE>`: the task with its context, recent activity and artifacts. */
export interface TaskView {
  task: Task;
  activity: Activity[];
  artifacts: Artifact[];
}

/** `GET /api/orchestration/artifacts?task=CODE | sprint=CODE | project=1 [&all=1]`. */
export interface ArtifactListView {
  artifacts: Artifact[];
}
