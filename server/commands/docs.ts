import { z } from 'zod';
import type { ArtifactOwner } from '../../protocol/index.js';
import { artifactTable } from './artifact-results.js';
import { code } from './args.js';
import { defineCommand } from './definition.js';

export default defineCommand({
  name: 'docs',
  summary: 'List documentation artifacts: all of them, or those of one sprint or task.',
  usage: '/docs [--sprint=CODE | --task=CODE]',
  args: z.object({ sprint: code('sprint').optional().describe('Only this sprint'), task: code('task').optional().describe('Only this task') }),
  readOnly: true,
  async handler(ctx, args) {
    const owner: ArtifactOwner | null = args.task ? { kind: 'task', code: args.task } : args.sprint ? { kind: 'sprint', code: args.sprint } : null;
    const docs = await ctx.services.access.visibleArtifacts(ctx.principal, await ctx.services.artifacts.listDocs(owner));
    const where = owner ? ` of ${owner.kind} ${owner.code}` : '';
    return artifactTable(docs, `Documentation${where}: ${docs.length}`, `No documentation${where} yet. Import some with /docs-import or scripts/import-docs.`);
  },
});
