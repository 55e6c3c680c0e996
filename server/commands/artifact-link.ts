import { z } from 'zod';
import { HubError } from '../errors.js';
import { recordedResult } from './artifact-results.js';
import { ONE_OWNER, artifactRef, oneOwner, ownerFrom, ownerOptions } from './args.js';
import { defineCommand } from './definition.js';

export default defineCommand({
  name: 'artifact-link',
  summary: 'Link an existing artifact (or blob) to another task, sprint or the project, without copying bytes.',
  usage: '/artifact-link URI --task=CODE | --sprint=CODE | --project [--name=NAME]',
  args: z
    .object({
      uri: artifactRef().describe('sb://artifacts/... or sb://cas/<sha256>'),
      name: z.string().optional().describe('Name in the new place (defaults to the same name)'),
      ...ownerOptions,
    })
    .refine(oneOwner, ONE_OWNER),
  positionals: ['uri'],
  async handler(ctx, args) {
    const owner = ownerFrom(args)!;
    await ctx.services.access.assertArtifactWrite(ctx.principal, owner);
    const { artifact, blob } = await ctx.services.artifacts.resolve(args.uri);
    await ctx.services.access.assertArtifactRead(ctx.principal, artifact, blob._id);
    const name = args.name ?? artifact?.name;
    if (!name) throw new HubError('invalid_args', 'A blob has no name of its own: give --name.', this.usage);
    const recorded = await ctx.services.artifacts.record(ctx, { owner, name, sha256: blob._id, mediaType: artifact?.mediaType, doc: artifact?.doc });
    return recordedResult(recorded.artifact, recorded.created, owner);
  },
});
