import { z } from 'zod';
import { HubError } from '../errors.js';
import type { InitReport } from '../services/agent-init.js';
import type { CommandPrincipal } from './definition.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

/** INIT is the agent side of the plan (D2); a person has nothing to initialise, whatever its role. */
export function assertAgent(principal: CommandPrincipal, command: string): void {
  if (principal.kind !== 'agent') throw new HubError('forbidden', `/${command} is for agents; @${principal.name} is a ${principal.kind}.`);
}

export function describeInit(report: InitReport): string {
  const { result } = report;
  if (result.status === 'failed') return `⚠️ INIT failed at ${result.failedStep}: ${result.steps.find((s) => s.name === result.failedStep)?.detail ?? ''} You are not ready.`;
  if (result.status === 'ready') return `✅ Ready. Plan: ${result.plan.length ? result.plan.join(', ') : 'nothing to do yet'}.`;
  return `🤖 INIT done. Plan: ${result.plan.length ? result.plan.join(', ') : 'nothing to do yet'}. Confirm with /init-confirm (or reorder with --order=...).`;
}

export default defineCommand({
  name: 'init',
  summary: 'Run agent INIT again: resume memory, load your profile, health-check, propose a plan (each step goes to your inbox).',
  usage: '/init',
  args: z.object({}),
  roles: ['admin', 'agent'],
  // The step data holds the agent's memory: the caller's ack has it, the room only the outcome.
  forRoom(result) {
    const { sessionId, result: init, agentReady } = result.data as InitReport;
    return { ...result, data: { sessionId, result: init, agentReady } };
  },
  async handler(ctx) {
    assertAgent(ctx.principal, 'init');
    const report = await ctx.services.agentInit.rerun(ctx.principal);
    return info('Text', report, describeInit(report));
  },
});
