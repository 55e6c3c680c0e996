import { z } from 'zod';
import { defineCommand } from './definition.js';
import { runId } from './run-args.js';
import { info } from './results.js';
import { runOutcome, runToWire } from '../services/runs/run-wire.js';

export default defineCommand({
  name: 'run-log',
  summary: "The last lines of a run's output (the whole log is the artifact runs/<id>/output.log).",
  usage: '/run-log ID [--tail=200]',
  args: z.object({
    id: runId().describe('Run id, like R-7KQ2ZD'),
    tail: z.coerce.number({ error: 'tail must be a number of lines' }).int().min(1).max(2000).optional().describe('Lines from the end (200 when absent)'),
  }),
  positionals: ['id'],
  readOnly: true,
  async handler(ctx, args) {
    const doc = await ctx.services.runs.readable(ctx.principal, args.id);
    const lines = args.tail ?? 200;
    const { text, complete } = await ctx.services.runners.tail(doc, lines);
    const run = runToWire(doc);
    const head = `Run ${run.id} (${run.status.replace('_', ' ')}${run.finishedAt ? `, ${runOutcome(run)}` : ''})${complete ? '' : `, last ${lines} lines`}:`;
    // A result message is bounded like any message: the tail is cut from its start to fit.
    const body = text.length > 12_000 ? `…${text.slice(-12_000)}` : text;
    return info('Text', { run, log: body, complete }, `${head}\n${body || '(no output yet)'}`);
  },
});
