import { Readable } from 'node:stream';
import { z } from 'zod';
import { recordedResult } from './artifact-results.js';
import { defineCommand } from './definition.js';
import { QUICK_REFERENCE_NAME, quickReferenceMarkdown } from './reference.js';

export default defineCommand({
  name: 'docs-quickref',
  summary: 'Regenerate the "Orchestration Quick Reference" project artifact from the command registry.',
  usage: '/docs-quickref',
  args: z.object({}),
  roles: ['admin', 'member'],
  async handler(ctx) {
    const bytes = Buffer.from(quickReferenceMarkdown(ctx.commands), 'utf8');
    const put = await ctx.services.artifacts.blobs.put(Readable.from([bytes]), ctx.services.options.maxArtifactBytes);
    const owner = { kind: 'project', code: null } as const;
    const { artifact, created } = await ctx.services.artifacts.record(ctx, { owner, name: QUICK_REFERENCE_NAME, sha256: put.sha256, mediaType: 'text/markdown', doc: true });
    return recordedResult(artifact, created, owner);
  },
});
