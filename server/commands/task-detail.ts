import { z } from 'zod';
import { boardTask } from '../services/access.js';
import { utcSecond } from '../services/time-format.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';
import { describeWaiting } from '../services/collab/readiness.js';

export default defineCommand({
  name: 'task-detail',
  aliases: ['task'],
  summary: 'A task with its status, assignee, context and recent activity.',
  usage: '/task-detail CODE',
  args: z.object({ code: code('task').describe('Task code') }),
  positionals: ['code'],
  readOnly: true,
  async handler(ctx, args) {
    const found = await ctx.services.tasks.find(args.code, ctx.taskMemo);
    // An agent not on the task sees it as the board does: no context, summary or activity details.
    const open = await ctx.services.access.canReadTask(ctx.principal, found.code, ctx.taskMemo);
    const t = open ? found : boardTask(found);
    const recent = open ? await ctx.services.activity.list({ task: t.code, limit: 10 }) : [];
    const waiting = (await ctx.services.dependencies.waitingOn([t])).get(t.code) ?? [];
    const subtasks = await ctx.services.subtasks.rollup(t.code);
    const review = await ctx.services.reviews.policyOf(t);
    const text = [
      `${t.code} · ${t.title}`,
      `sprint ${t.sprint} · ${t.status} · ${t.priority}${t.assignee ? ` · @${t.assignee}` : ' · unassigned'}`,
      t.claimedBy ? `held by @${t.claimedBy} until ${utcSecond(t.leaseUntil!)}` : null,
      t.parent ? `subtask of ${t.parent}` : null,
      t.dependsOn?.length ? `depends on ${t.dependsOn.join(', ')}${waiting.length ? ` · waits for ${describeWaiting(waiting)}` : ' · ready'}` : null,
      subtasks.total ? `subtasks ${subtasks.done}/${subtasks.total} done (${subtasks.percentDone}%): ${subtasks.subtasks.map((s) => `${s.code} ${s.status}`).join(', ')}` : null,
      t.collaborators?.length ? `collaborators ${t.collaborators.map((n) => `@${n}`).join(', ')}` : null,
      review.required ? `review required${review.reviewers.length ? ` by ${review.reviewers.map((n) => `@${n}`).join(', ')}` : ''}` : null,
      t.summary ? `summary: ${t.summary}` : null,
      !open ? `context, notes and activity are for those on ${t.code}: claim it with /task-claim ${t.code} or ask to be assigned` : t.context ? `context:\n${t.context}` : 'no context yet',
    ]
      .filter(Boolean)
      .join('\n');
    return info('TaskDetail', { task: t, activity: recent, waitingOn: waiting, subtasks, review }, text);
  },
});
