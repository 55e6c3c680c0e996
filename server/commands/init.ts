import { z } from 'zod';
import type { PrincipalWithRole } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { InitState } from '../../protocol/index.js';
import type { CommandContext } from './definition.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

/** INIT is how an agent starts a session (memory, profile, health, a plan to confirm); a person has nothing to initialise, whatever its role. */
export function assertAgent(principal: PrincipalWithRole, command: string): void {
  if (principal.kind !== 'agent') throw new HubError('forbidden', `/${command} is for agents; @${principal.name} is a ${principal.kind}.`);
}

export function describeInit(report: InitState): string {
  const { result } = report;
  if (result.status === 'failed') return `⚠️ INIT failed at ${result.failedStep}: ${result.steps.find((s) => s.name === result.failedStep)?.detail ?? ''} You are not ready.`;
  if (result.status === 'ready') return `✅ Ready. Plan: ${result.plan.length ? result.plan.join(', ') : 'nothing to do yet'}.`;
  return `🤖 INIT done. Plan: ${result.plan.length ? result.plan.join(', ') : 'nothing to do yet'}. Confirm with /init-confirm (--start also starts the first task; --order=... reorders).`;
}

/** How much of the first task's context INIT's answer carries; /task-detail shows all of it. */
export const INIT_CONTEXT_CHARS = 1200;

/** The first planned task with its context, so the agent can start without asking for it. */
async function firstTaskBrief(ctx: CommandContext, plan: string[]): Promise<string | null> {
  const first = plan[0];
  if (!first || !(await ctx.services.access.canReadTask(ctx.principal, first))) return null;
  const task = await ctx.services.tasks.find(first);
  const context = task.context.trim();
  const shown = context.length > INIT_CONTEXT_CHARS ? `${context.slice(0, INIT_CONTEXT_CHARS)}… (/task-detail ${task.code} shows all ${context.length} characters)` : context;
  return [`First: ${task.code} · ${task.title} (${task.status}, ${task.priority})`, shown ? `Context:\n${shown}` : 'No context yet.'].join('\n');
}

export default defineCommand({
  name: 'init',
  summary: 'Run agent INIT again: resume memory, load your profile, health-check, propose a plan (each step goes to your inbox).',
  usage: '/init',
  args: z.object({}),
  roles: ['admin', 'agent'],
  // The step data holds the agent's memory: the caller's ack has it, the room only the outcome.
  forRoom(result) {
    const { sessionId, result: init, agentReady } = result.data;
    return { ...result, data: { sessionId, result: init, agentReady } };
  },
  async handler(ctx) {
    assertAgent(ctx.principal, 'init');
    const report = await ctx.services.agentInit.rerun(ctx.principal);
    const brief = report.result.status === 'failed' ? null : await firstTaskBrief(ctx, report.result.plan);
    return info('Text', report, [describeInit(report), brief].filter(Boolean).join('\n'));
  },
});
