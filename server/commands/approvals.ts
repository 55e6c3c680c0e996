import { z } from 'zod';
import { limit } from './args.js';
import { approvalStatus } from './approval-args.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'approvals',
  summary: 'Approvals and reviews, newest first; agents see the ones they asked for.',
  usage: '/approvals [--status=pending|approved|denied|expired] [--limit=N]',
  args: z.object({
    status: approvalStatus().optional().describe('Only this status'),
    limit: limit(100).optional().describe('At most this many (50)'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    // Agents see what they asked; what people are asked stays with people.
    const shown = await ctx.services.approvals.list({ ...args, ...(ctx.principal.role === 'agent' ? { requestedBy: ctx.principal.name } : {}) });
    const rows = shown.map((a) => ({
      id: a.id,
      kind: a.kind,
      question: a.question,
      task: a.task,
      from: `@${a.requestedBy}`,
      approvers: a.approvers.length ? a.approvers.map((n) => `@${n}`).join(', ') : 'any person',
      status: a.status,
      decided: a.decidedBy ? `@${a.decidedBy} ${utcMinuteCell(a.decidedAt)}` : a.expiresAt ? `expires ${utcMinuteCell(a.expiresAt)}` : null,
    }));
    return table(
      [['id', 'Id'], ['kind', 'Kind'], ['question', 'Question'], ['task', 'Task'], ['from', 'From'], ['approvers', 'Approvers'], ['status', 'Status'], ['decided', 'Decided']],
      rows,
      `Approvals${args.status ? ` (${args.status})` : ''}: ${rows.length}`,
      `No approvals${args.status ? ` are ${args.status}` : ' yet'}.`,
    );
  },
});
