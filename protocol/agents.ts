import { z } from 'zod';

/** An agent as the registry knows it, with presence from live sockets. */
export const AGENT_STATUSES = ['online', 'offline', 'busy', 'idle'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const INIT_STATUSES = ['never', 'running', 'awaiting_confirmation', 'ready', 'failed'] as const;
export type InitStatus = (typeof INIT_STATUSES)[number];

export const AgentSchema = z.object({
  name: z.string(),
  /** What the agent does, e.g. `backend`; not its access role. */
  agentRole: z.string(),
  capabilities: z.array(z.string()),
  profile: z.string(),
  online: z.boolean(),
  /** Set by the agent with /agent-status; null until it says. */
  declaredStatus: z.enum(['busy', 'idle']).nullable(),
  /** offline when no socket; else busy/idle as declared, or online. */
  status: z.enum(AGENT_STATUSES),
  currentTask: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  initStatus: z.enum(INIT_STATUSES),
});
export type Agent = z.infer<typeof AgentSchema>;

/** offline without a live socket; else what the agent declared (busy, idle), or online. */
export function agentStatusOf(online: boolean, declared: 'busy' | 'idle' | null | undefined): AgentStatus {
  if (!online) return 'offline';
  return declared ?? 'online';
}

export const INIT_STEPS = ['resume_memory', 'load_profile', 'healthcheck', 'confirm_plan'] as const;
export type InitStepName = (typeof INIT_STEPS)[number];

/** What a session remembers of its INIT. */
export interface InitResult {
  status: InitStatus;
  steps: { name: InitStepName; status: 'ok' | 'failed'; detail: string }[];
  /** Proposed order of in-progress and to-do tasks; the confirmed one after /init-confirm. */
  plan: string[];
  failedStep: InitStepName | null;
}
