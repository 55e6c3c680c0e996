import { z } from 'zod';
import { code, list } from './args.js';
import { defineCommand } from './definition.js';
import { assertAgent, describeInit } from './init.js';
import { success } from './results.js';

export default defineCommand({
  name: 'init-confirm',
  summary: 'Confirm the plan INIT proposed (or give it in another order) and be marked ready.',
  usage: '/init-confirm [--order=CODE,CODE,...]',
  args: z.object({ order: list(code('task'), 'task codes').optional().describe('The planned tasks in the order you will do them') }),
  roles: ['admin', 'agent'],
  async handler(ctx, args) {
    assertAgent(ctx.principal, 'init-confirm');
    const report = await ctx.services.agentInit.confirm(ctx.principal, args.order);
    return success('Toast', { sessionId: report.sessionId, result: report.result, agentReady: report.agentReady }, describeInit(report));
  },
});
