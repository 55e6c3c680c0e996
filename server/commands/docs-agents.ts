import { Readable } from 'node:stream';
import { z } from 'zod';
import { AGENTS_GUIDE_NAME, agentsGuideMarkdown } from './agents-guide.js';
import { recordedResult } from './artifact-results.js';
import { commandInfo } from './catalog.js';
import { defineCommand } from './definition.js';

export default defineCommand({
  name: 'docs-agents',
  summary: 'Write AGENTS.md (a CLAUDE.md for coding agents: connect, INIT, everyday commands) as a project doc, from the command registry.',
  usage: '/docs-agents',
  args: z.object({}),
  roles: ['admin', 'member'],
  async handler(ctx) {
    const text = agentsGuideMarkdown(ctx.commands.map(commandInfo), ctx.services.links.baseUrl || undefined);
    const put = await ctx.services.artifacts.blobs.put(Readable.from([Buffer.from(text, 'utf8')]), ctx.services.options.maxArtifactBytes);
    const owner = { kind: 'project', code: null } as const;
    const { artifact, created } = await ctx.services.artifacts.record(ctx, { owner, name: AGENTS_GUIDE_NAME, sha256: put.sha256, mediaType: 'text/markdown', doc: true });
    return recordedResult(artifact, created, owner);
  },
});
