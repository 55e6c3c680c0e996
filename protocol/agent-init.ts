import type { InitStepName } from './agents.js';
import type { MemoryEntry } from './memory.js';
import type { TaskPriority, TaskStatus } from './status.js';

/** Step 1 (resume_memory): the agent's durable memory and what it wrote during its last session. */
export interface ResumeMemoryData {
  entries: MemoryEntry[];
  /** Durable entries left out of `entries` (the most recently updated are kept); /memory-list has all. */
  more: number;
  previousSession: { id: string; startedAt: string; endedAt: string | null } | null;
  /** The agent's notes during its previous session, oldest first. */
  notes: { at: string; type: string; task: string | null; text: string }[];
}

/** Step 2 (load_profile): the agent's registry entry. */
export interface LoadProfileData {
  name: string;
  agentRole: string;
  capabilities: string[];
  profile: string;
  /** True when the agent had no registry entry and a default one was made. */
  created: boolean;
}

export interface BrokenArtifact {
  uri: string;
  task: string;
  sha256: string;
  problem: string;
}

/** Step 3 (healthcheck): the database, the agent's task artifacts, what waits for it. */
export interface HealthcheckData {
  database: 'up' | 'down';
  artifacts: { checked: number; broken: BrokenArtifact[] };
  unreadParcels: number;
  /** Open tasks given to or claimed by the agent. */
  assignedTasks: string[];
}

export interface PlannedTask {
  code: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  /** Unfinished dependencies: the task cannot be claimed before they are done. */
  waitingOn?: string[];
}

/** Step 4 (confirm_plan): the proposed order of the agent's work. */
export interface ConfirmPlanData {
  plan: PlannedTask[];
}

/** What each INIT step reports as data, by step name. */
export interface InitStepData {
  resume_memory: ResumeMemoryData;
  load_profile: LoadProfileData;
  healthcheck: HealthcheckData;
  confirm_plan: ConfirmPlanData;
}

/** One step of the agent INIT protocol, pushed to the agent's inbox as it completes; no data when it failed. */
export type AgentInitEventOf<N extends InitStepName> = {
  sessionId: string;
  step: number;
  name: N;
  status: 'ok' | 'failed';
  detail: string;
  data: InitStepData[N] | null;
};

export type AgentInitEvent = { [N in InitStepName]: AgentInitEventOf<N> }[InitStepName];
