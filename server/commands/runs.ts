import { z } from 'zod';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { runStatus } from './run-args.js';
import { table } from './results.js';
import { runOutcome } from '../services/runs/run-wire.js';
import { clip } from '../services/runs/run-service.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'runs',
  summary: "A task's runs, newest first; or every run waiting or under way (people).",
  usage: '/runs [--task=CODE] [--status=STATUS]',
  args: z.object({
    task: code('task').optional().describe('Only this task\'s runs'),
    status: runStatus().optional().describe('Only runs in this status'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    const runs = await ctx.services.runs.list(ctx.principal, args);
    const rows = runs.map((r) => ({ id: r.id, task: r.task, status: r.status, command: clip(r.command, 40), runner: r.runner, outcome: runOutcome(r), created: utcMinuteCell(r.createdAt) }));
    const where = args.task ? ` of ${args.task}` : '';
    return table(
      [
        ['id', 'Run'],
        ['task', 'Task'],
        ['status', 'Status'],
        ['command', 'Command'],
        ['runner', 'Runner'],
        ['outcome', 'Outcome'],
        ['created', 'Asked (UTC)'],
      ],
      rows,
      `Runs${where}${args.status ? ` (${args.status})` : ''}`,
      `No runs${where}${args.status ? ` ${args.status}` : ''}.`,
    );
  },
});
