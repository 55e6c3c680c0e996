import { z } from 'zod';
import { taskSummary } from '../services/wire.js';
import { code, list } from './args.js';
import { defineCommand } from './definition.js';
import { assertAgent, describeInit } from './init.js';
import { startFirstPlanned } from './plan-start.js';
import { success } from './results.js';

export default defineCommand({
  name: 'init-confirm',
  summary: 'Confirm the plan INIT proposed (or give it in another order) and be marked ready; --start also starts its first task.',
  usage: '/init-confirm [--order=CODE,CODE,...] [--start]',
  args: z.object({
    order: list(code('task'), 'task codes').optional().describe('The planned tasks in the order you will do them'),
    start: z.boolean().optional().describe('Also claim the first planned task and move it to in progress'),
  }),
  roles: ['admin', 'agent'],
  async handler(ctx, args) {
    assertAgent(ctx.principal, 'init-confirm');
    const report = await ctx.services.agentInit.confirm(ctx.principal, args.order);
    const data = { sessionId: report.sessionId, result: report.result, agentReady: report.agentReady };
    if (!args.start) return success('Toast', data, describeInit(report));
    const started = await startFirstPlanned(ctx, report.result.plan);
    const text = `${describeInit(report)} ${started ? started.text : 'Nothing in the plan can start now.'}`;
    return success('Toast', { ...data, started: started ? taskSummary(started.task) : null }, text);
  },
});
