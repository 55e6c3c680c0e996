import type { Agent, InitResult } from './agents.js';
import type { AgentInitEvent } from './agent-init.js';
import type { AnalyticsData } from './analytics.js';
import type { Artifact, DocImportOutcome } from './artifacts.js';
import type { Approval, ApprovalKind, ApprovalStatus, Schedule, Template } from './collaboration.js';
import type { Activity, Sprint, Task, TaskSummary, PrincipalKind, Role } from './entities.js';
import type { MemoryEntry } from './memory.js';
import type { DashboardData } from './orchestration.js';
import type { Parcel, ParcelStatus } from './parcels.js';
import type { CommandResult, TableData } from './result.js';
import type { RoomName } from './rooms.js';
import type { AgentRunPolicy, RunStatus, RunWire } from './runs.js';
import type { TaskPriority, TaskStatus } from './status.js';

/** A `Table` result: the table and its title line. */
export type TableResult<R> = TableData<R> & { title: string };

/** How far a task's sprint got when the task completed ("S-1 is 100% done"). */
export interface SprintMoved {
  sprint: string;
  percentDone: number;
  completed: number;
  /** Tasks that count (all but cancelled ones). */
  counted: number;
}

/** A parent task's subtasks and their progress. */
export interface SubtaskRollup {
  total: number;
  done: number;
  percentDone: number;
  subtasks: { code: string; title: string; status: TaskStatus; assignee: string | null }[];
}

/** Whether finishing a task goes through review, and by whom (anyone may review when empty). */
export interface ReviewPolicy {
  required: boolean;
  reviewers: string[];
}

/** A dependency a task still waits for. */
export interface WaitingDependency {
  code: string;
  status: TaskStatus;
}

/** Where an agent's INIT stands in its session: what a confirmation answers, and the room is shown. */
export interface InitState {
  sessionId: string;
  result: InitResult;
  agentReady: boolean;
}

/** An INIT run as the caller gets it. */
export interface InitReport extends InitState {
  /** The step events of a run, with their data (the agent's memory: only the caller gets them). */
  events: AgentInitEvent[];
}

/** A parcel as a command result carries it in a room: everything but the body, which is the recipient's. */
export type ParcelSummary = Omit<Parcel, 'body'>;

/** A command as `/help` lists it. */
export interface HelpRow {
  name: string;
  usage: string;
  summary: string;
}

/** What an argument names, so a composer can offer the tasks, sprints or people it knows. */
export type ArgumentRefers = 'task' | 'sprint' | 'name';

/** An option or positional of a command, as `/help`, the catalog and MCP describe it. */
export interface OptionInfo {
  name: string;
  description: string;
  positional: boolean;
  /** Set when the argument is one task code, sprint code or principal name. */
  refers?: ArgumentRefers;
}

/** The answer to anything that records an artifact: created, or already there unchanged. */
export interface RecordedArtifact {
  artifact: Artifact;
  created: boolean;
}

export type ArtifactRow = { name: string; version: number; size: string; type: string; who: string; when: string | null; uri: string };
export type SprintRow = { code: string; title: string; status: Sprint['status']; tasks: number; done: string };
export type TaskRow = { code: string; title: string; sprint: string; status: TaskStatus; priority: TaskPriority; assignee: string | null; waits: string | null };
export type AgentRow = Agent & { agent: string; lastSeen: string | null; runs: string | null };
export type ActivityRow = { when: string | null; who: string; what: string; task: string | null };
export type MemoryRow = { key: string; lasts: string; size: string; updated: string; value: string };
export type InboxRow = { id: string; when: string | null; from: string; subject: string; task: string | null; kind: Parcel['kind']; status: ParcelStatus };
export type TokenRow = { id: string; label: string; created: string | null; lastUsed: string | null; state: string };
export type ApprovalRow = { id: string; kind: ApprovalKind; question: string; task: string | null; from: string; approvers: string; status: ApprovalStatus; decided: string | null };
export type ScheduleRow = { id: string; when: string; line: string; room: string; by: string; state: 'active' | 'paused'; next: string | null; last: string | null };
export type TemplateRow = { name: string; tasks: number; source: string; description: string | null; by: string; created: string | null };
export type ImportRow = { path: string; to: string; name: string; action: string };
export type RunRow = { id: string; task: string; status: RunStatus; command: string; runner: string | null; outcome: string; created: string | null };

type TaskResult = { task: TaskSummary };
type ApprovalResult = { approval: Approval };
type RunResult = { run: RunWire };
type RoomChange = { name: string; room: RoomName };
type Policy = { reviewRequired: boolean; reviewers: string[]; agentRuns: AgentRunPolicy };

/**
 * The `data` of each command's result, by command name: what the caller's ack, `POST /api/commands`
 * and the MCP tool's structured content carry. `defineCommand` holds each handler to its entry.
 */
export interface CommandResults {
  help: { commands: HelpRow[] } | { command: HelpRow & { aliases: readonly string[]; options: OptionInfo[] } };
  'sprints-create': { sprint: Sprint };
  sprints: TableResult<SprintRow>;
  'sprint-detail': { sprint: Sprint; tasks: Record<TaskStatus, Task[]> };
  'sprint-status': { sprint: Sprint };
  'task-create': { tasks: TaskSummary[] } | TaskResult;
  tasks: TableResult<TaskRow>;
  'task-detail': { task: Task; activity: Activity[]; waitingOn: WaitingDependency[]; subtasks: SubtaskRollup; review: ReviewPolicy };
  'task-status': TaskResult & { moved: SprintMoved | null };
  'task-assign': { task: Task };
  'task-claim': TaskResult & { renewed: boolean };
  'task-release': TaskResult;
  'task-note': TaskResult;
  'task-context': TaskResult;
  'task-done': TaskResult & { report?: Artifact } & ({ approval: Approval } | { moved: SprintMoved | null });
  'tasks-status': { tasks: TaskSummary[] };
  'agent-log': { activity: Activity };
  init: InitReport;
  'init-confirm': InitState & { started?: TaskSummary | null };
  'memory-set': { entry: MemoryEntry };
  'memory-get': { entry: MemoryEntry };
  'memory-list': TableResult<MemoryRow>;
  'memory-forget': { key: string; ephemeral: boolean };
  'agent-register': { agent: Agent; created: boolean };
  agents: TableResult<AgentRow>;
  'agent-detail': { agent: Agent };
  'agent-status': { agent: Agent };
  'room-invite': RoomChange;
  'room-uninvite': RoomChange;
  'message-send': { parcels: ParcelSummary[] };
  'messages-check': TableResult<InboxRow> & { parcels: Parcel[] };
  'message-read': { parcel: Parcel; thread: Parcel[] };
  broadcast: { count: number; to: string[] };
  'loop-resume': { agents: string[] };
  activity: TableResult<ActivityRow>;
  dashboard: DashboardData;
  analytics: AnalyticsData;
  artifacts: TableResult<ArtifactRow>;
  'artifact-upload': RecordedArtifact;
  'artifact-download': { url: string; expiresAt: string; name: string; fileName: string; size: number; sha256: string };
  'artifact-preview': { title: string; mediaType: string; text: string; truncated: boolean };
  'artifact-link': RecordedArtifact;
  docs: TableResult<ArtifactRow>;
  'docs-import': TableResult<ImportRow> & { made: string[]; outcomes: DocImportOutcome[] };
  'docs-quickref': RecordedArtifact;
  'docs-agents': RecordedArtifact;
  'token-create': { name: string; kind: PrincipalKind; role: Role; token: string };
  tokens: TableResult<TokenRow>;
  'token-revoke': { name: string; revoked: number };
  'task-depends': TaskResult;
  'task-undepend': TaskResult;
  'task-collaborators': TaskResult;
  'task-handoff': TaskResult;
  'sprint-policy': { sprint: string } & Policy;
  'task-policy': TaskResult & Policy;
  'task-approve': TaskResult & ApprovalResult & { moved: SprintMoved | null };
  'task-reject': TaskResult & ApprovalResult;
  'approval-request': ApprovalResult;
  approve: ApprovalResult;
  deny: ApprovalResult;
  approvals: TableResult<ApprovalRow>;
  'schedule-create': { schedule: Schedule };
  schedules: TableResult<ScheduleRow>;
  'schedule-pause': { schedule: Schedule };
  'schedule-delete': { schedule: Schedule };
  'template-create': { template: Template };
  templates: TableResult<TemplateRow>;
  'template-detail': { template: Template };
  run: RunResult;
  runs: TableResult<RunRow>;
  'run-detail': RunResult;
  'run-cancel': RunResult;
  'run-log': RunResult & { log: string; complete: boolean };
  'run-approve': RunResult;
  'run-deny': RunResult;
}

export type CommandName = keyof CommandResults;

/** Other names a command answers to; `/task T-1` is `/task-detail T-1`. */
export interface CommandAliases {
  agent: 'agent-detail';
  log: 'agent-log';
  stats: 'analytics';
  orchestration: 'dashboard';
  msg: 'message-send';
  inbox: 'messages-check';
  sprint: 'sprint-detail';
  'sprint-create': 'sprints-create';
  task: 'task-detail';
  template: 'template-detail';
}

/** The command a typed name stands for, or never for a name no command has. */
export type CommandNamed<N extends string> = N extends CommandName ? N : N extends keyof CommandAliases ? CommandAliases[N] : never;

type NameOfLine<R extends string> = R extends `${infer N} ${string}` ? CommandNamed<N> : CommandNamed<R>;

/** The command a line runs, with or without its slash: `/task T-1` → 'task-detail'; never when not known at compile time. */
export type CommandOfLine<L extends string> = L extends `/${infer R}` ? NameOfLine<R> : NameOfLine<L>;

/** Any line that runs command `C`: for helpers that take lines of one command. */
export type LineOf<C extends CommandName> = `/${C}` | `/${C} ${string}`;

/** The result data of a line, when the line's command is known at compile time; else unknown. */
export type ResultOfLine<L extends string> = [CommandOfLine<L>] extends [never] ? unknown : CommandResults[CommandOfLine<L>];

/**
 * A hub's answer to `line`, typed by the line's command. The one place a result off the wire gets
 * its type: the hub answers each command with its CommandResults entry (defineCommand sees to it).
 */
export const resultOfLine = <L extends string>(_line: L, result: CommandResult): CommandResult<ResultOfLine<L>> => result as CommandResult<ResultOfLine<L>>;
