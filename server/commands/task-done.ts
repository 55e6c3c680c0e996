import { Readable } from 'node:stream';
import { z } from 'zod';
import { taskRoom, type Artifact } from '../../protocol/index.js';
import { code, text } from './args.js';
import type { CommandContext } from './definition.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';
import { sprintMoved } from './sprint-progress.js';

/** Where an inline report goes: one name per task, so a second report is its next version. */
export const REPORT_NAME = 'report.md';

/** Stores the report as the task's artifact before the task moves: a report that cannot be stored leaves the task as it was. */
async function storeReport(ctx: CommandContext, task: string, report: string): Promise<Artifact> {
  const owner = { kind: 'task' as const, code: task.toUpperCase() };
  await ctx.services.access.assertArtifactWrite(ctx.principal, owner);
  const { sha256 } = await ctx.services.artifacts.blobs.put(Readable.from([Buffer.from(report, 'utf8')]), ctx.services.options.maxArtifactBytes);
  return (await ctx.services.artifacts.record(ctx, { owner, name: REPORT_NAME, sha256, mediaType: 'text/markdown' })).artifact;
}

export default defineCommand({
  name: 'task-done',
  summary: 'Mark a task completed with a summary of what was done; --report stores a longer write-up as its report.md.',
  // --force (people, for a parent with open subtasks) is in the options, not the one-line usage.
  usage: '/task-done CODE "summary" [--report="markdown"]',
  args: z.object({
    code: code('task').describe('Task code'),
    summary: text('summary', 16 * 1024).describe('What was done'),
    report: z
      .string()
      .min(1)
      .transform((s) => s.replace(/\\n/g, '\n'))
      .optional()
      .describe('A report in markdown, stored as the task artifact report.md'),
    force: z.boolean().optional().describe('People only: complete a parent whose subtasks are still open'),
  }),
  positionals: ['code', 'summary...'],
  touches: (args) => [args.code],
  // A report is for those on the task, like a note: shown as typed in its room only.
  privateArgs: ['report'],
  showsPrivateIn: (args) => taskRoom(args.code),
  async handler(ctx, args) {
    await ctx.services.subtasks.assertCanComplete(ctx.principal, args.code, args.force ?? false);
    const report = args.report ? await storeReport(ctx, args.code, args.report) : null;
    const attached = report ? `; report: ${report.uri}` : '';
    const extra = report ? { report } : {};
    // Under a review gate an agent's work waits for a person: review, not completed.
    if (await ctx.services.reviews.gates(ctx, args.code)) {
      const { task, approval } = await ctx.services.reviews.submit(ctx, args.code, args.summary);
      return success(
        'Toast',
        { task: taskSummary(task), approval, ...extra },
        `🔎 ${task.code} is waiting for review (${approval.id}); a person approves it with /task-approve ${task.code}${attached}`,
      );
    }
    const task = await ctx.services.tasks.done(ctx, args.code, args.summary);
    await ctx.services.dependencies.released(ctx, task);
    return success('Toast', { task: taskSummary(task), moved: await sprintMoved(ctx, task), ...extra }, `✅ Task ${task.code} marked complete${attached}`);
  },
});
