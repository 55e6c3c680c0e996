import { z } from 'zod';
import { previewOf } from '../services/artifact-preview.js';
import { CHAT_PREVIEW_BYTES } from './artifact-results.js';
import { artifactRef } from './args.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';

export default defineCommand({
  name: 'artifact-preview',
  summary: 'Show the beginning of a text or markdown artifact.',
  usage: '/artifact-preview URI',
  args: z.object({ uri: artifactRef().describe('sb://artifacts/... or sb://cas/<sha256>') }),
  positionals: ['uri'],
  readOnly: true,
  async handler(ctx, args) {
    const resolved = await ctx.services.artifacts.resolve(args.uri);
    await ctx.services.access.assertArtifactRead(ctx.principal, resolved.artifact, resolved.blob._id);
    const preview = await previewOf(ctx.services.artifacts.blobs, resolved, CHAT_PREVIEW_BYTES);
    await ctx.services.activity.daily.artifactRead(ctx.principal, 'preview');
    const title = resolved.artifact ? `${resolved.artifact.name} v${resolved.artifact.version}` : resolved.blob._id;
    const more = preview.truncated ? `\n… (${resolved.blob.size} bytes in all; /artifact-download for the whole file)` : '';
    return info('Text', { title, mediaType: preview.mediaType, text: preview.text, truncated: preview.truncated }, `${title}\n${preview.text}${more}`);
  },
});
