import { z } from 'zod';
import { artifactHttpPath } from '../../protocol/index.js';
import { formatBytes } from '../services/blob-store.js';
import { artifactRef } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';

const HOUR = 3600;

export default defineCommand({
  name: 'artifact-download',
  summary: 'A download link for an artifact that works without a token until it expires (1 hour by default).',
  usage: '/artifact-download URI [--ttl=SECONDS]',
  args: z.object({
    uri: artifactRef().describe('sb://artifacts/... or sb://cas/<sha256>'),
    ttl: z.coerce.number({ error: 'ttl is a number of seconds' }).int().min(60).max(7 * 24 * HOUR).optional().describe('Seconds the link stays valid (60 to 604800)'),
  }),
  positionals: ['uri'],
  readOnly: true,
  // The link opens the file for anyone holding it: the room sees that one was issued, not the link.
  forRoom(result) {
    const { name, expiresAt } = result.data;
    return { ...result, data: { name, expiresAt }, text: `⬇️ A download link for ${name} was issued (valid until ${expiresAt}).` };
  },
  async handler(ctx, args) {
    const { artifact, blob } = await ctx.services.artifacts.resolve(args.uri);
    await ctx.services.access.assertArtifactRead(ctx.principal, artifact, blob._id);
    const path = artifactHttpPath(args.uri);
    const version = args.uri.type === 'artifact' ? args.uri.version : null;
    const { url, expiresAt } = await ctx.services.links.sign(path, version, args.ttl ?? HOUR);
    const name = artifact ? `${artifact.name} v${artifact.version}` : blob._id;
    const fileName = artifact ? artifact.name.split('/').pop()! : blob._id;
    return success('Toast', { url, expiresAt, name, fileName, size: blob.size, sha256: blob._id }, `⬇️ ${name} (${formatBytes(blob.size)}): ${url}\nValid until ${expiresAt}.`);
  },
});
