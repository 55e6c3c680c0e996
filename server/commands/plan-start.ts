import type { Task } from '../../protocol/index.js';
import { DEFAULT_LEASE_MS } from '../services/claims.js';
import { utcSecond } from '../services/time-format.js';
import type { CommandContext } from './definition.js';

/** How far down the plan a start looks for a task that can begin now. */
const LOOK_AHEAD = 10;

export interface PlanStart {
  task: Task;
  /** Claimed now (it was todo); false when it was already in progress. */
  claimed: boolean;
  text: string;
}

/**
 * Starts the agent's first planned task: the first one in progress goes on as it is, the first
 * todo that waits for nothing is claimed (which moves it to in progress). Null when nothing in
 * the first few planned tasks can start.
 */
export async function startFirstPlanned(ctx: CommandContext, plan: string[]): Promise<PlanStart | null> {
  for (const code of plan.slice(0, LOOK_AHEAD)) {
    const task = await ctx.services.tasks.find(code);
    if (task.status === 'in_progress') return { task, claimed: false, text: `${task.code} is in progress: go on with it.` };
    if (task.status !== 'todo' || (await ctx.services.dependencies.waitingOn([task])).has(task.code)) continue;
    const { task: started } = await ctx.services.claims.claim(ctx, task.code, DEFAULT_LEASE_MS);
    return { task: started, claimed: true, text: `Started ${started.code} (in progress, yours until ${utcSecond(started.leaseUntil!)}).` };
  }
  return null;
}
