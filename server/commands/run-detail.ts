import { z } from 'zod';
import { formatDuration } from './duration.js';
import { defineCommand } from './definition.js';
import { runId } from './run-args.js';
import { info } from './results.js';
import { runOutcome, runToWire } from '../services/runs/run-wire.js';
import { utcMinute } from '../services/time-format.js';

export default defineCommand({
  name: 'run-detail',
  summary: 'One run: its command, status, runner, outcome and artifacts.',
  usage: '/run-detail ID',
  args: z.object({ id: runId().describe('Run id, like R-7KQ2ZD') }),
  positionals: ['id'],
  readOnly: true,
  async handler(ctx, args) {
    const run = runToWire(await ctx.services.runs.readable(ctx.principal, args.id));
    const lines = [
      `Run ${run.id} on ${run.task}: ${run.status.replace('_', ' ')}`,
      `Command: ${run.command}`,
      `Asked by @${run.requestedBy.name} at ${utcMinute(run.createdAt)}; timeout ${formatDuration(run.timeoutMs)}${run.network ? '; with network' : ''}`,
      run.runner ? `Runner: @${run.runner}` : run.wantsRunner ? `Waits for @${run.wantsRunner}` : 'Runner: any',
      `Outcome: ${runOutcome(run)}; output ${run.outputBytes} bytes${run.truncated ? ' (truncated)' : ''}`,
      ...(run.decidedBy ? [`Decided by @${run.decidedBy}${run.reason ? `: ${run.reason}` : ''}`] : []),
      ...(run.outputs.length ? [`Keeps: ${run.outputs.join(', ')}`] : []),
      ...run.artifacts.map((a) => `• ${a}`),
    ];
    return info('Text', { run }, lines.join('\n'));
  },
});
