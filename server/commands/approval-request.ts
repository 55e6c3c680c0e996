import { z } from 'zod';
import { taskRoom } from '../../protocol/index.js';
import { code, list, principalName, text } from './args.js';
import { defineCommand } from './definition.js';
import { duration, formatDuration } from './duration.js';
import { success } from './results.js';

const MAX_EXPIRY_MS = 30 * 86_400_000;

export default defineCommand({
  name: 'approval-request',
  summary: 'Ask people to decide something (approve or deny); the answer comes back to you as a parcel.',
  usage: '/approval-request "question" [--task=CODE] [--approvers=@a,@b] [--expires=24h]',
  args: z.object({
    question: text('question', 2000).describe('What is to be decided'),
    task: code('task').optional().describe('The task it is about (announced in its room)'),
    approvers: list(principalName(), 'names').optional().describe('Who may answer (people; any person when none)'),
    expires: duration('expiry', 60_000, MAX_EXPIRY_MS).optional().describe(`After this long unanswered it counts as denied (up to ${formatDuration(MAX_EXPIRY_MS)})`),
  }),
  positionals: ['question...'],
  async handler(ctx, args) {
    if (args.task) await ctx.services.access.assertRoom(ctx.principal, { kind: 'task', id: args.task, name: taskRoom(args.task) });
    const approval = await ctx.services.approvals.request(ctx, { kind: 'question', question: args.question, task: args.task, approvers: args.approvers, expiresMs: args.expires });
    return success('Toast', { approval }, `🗳️ ${approval.id} asked: ${approval.question}`);
  },
});
