import { z } from 'zod';
import { artifactTable, resolveTarget } from './artifact-results.js';
import { defineCommand } from './definition.js';

export default defineCommand({
  name: 'artifacts',
  summary: 'List the artifacts of a task, a sprint or the project (latest versions, or --all).',
  usage: '/artifacts TASK|SPRINT|project [--all]',
  args: z.object({
    target: z.string({ error: 'give a task code, a sprint code or "project"' }).describe('A task code, a sprint code, or project'),
    all: z.boolean().optional().describe('Every version, not only the latest'),
  }),
  positionals: ['target'],
  readOnly: true,
  async handler(ctx, args) {
    const owner = await resolveTarget(ctx, args.target);
    if (owner.kind !== 'project') await ctx.services.access.assertArtifactRead(ctx.principal, { ownerKind: owner.kind, ownerCode: owner.code }, '');
    const list = await ctx.services.artifacts.list(owner, { allVersions: args.all });
    const where = owner.kind === 'project' ? 'the project' : `${owner.kind} ${owner.code}`;
    return artifactTable(list, `Artifacts of ${where}: ${list.length}`, `No artifacts on ${where} yet.`);
  },
});
