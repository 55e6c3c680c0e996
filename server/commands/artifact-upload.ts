import { Readable } from 'node:stream';
import { z } from 'zod';
import { LOBBY, SHA256_PATTERN, sprintRoom, taskRoom } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import { recordedResult } from './artifact-results.js';
import { ONE_OWNER, oneOwner, ownerFrom, ownerOptions } from './args.js';
import { defineCommand } from './definition.js';

export default defineCommand({
  name: 'artifact-upload',
  summary: 'Attach a file to a task, a sprint or the project. The CLI and SDK upload --file first; small text can go inline with --content.',
  usage: '/artifact-upload --file=PATH | --sha256=HASH --name=NAME | --content="text" --name=NAME  --task=CODE | --sprint=CODE | --project [--type=MEDIA/TYPE] [--doc]',
  args: z
    .object({
      file: z.string().optional().describe('A local file; read and uploaded by the CLI or SDK, not by the hub'),
      sha256: z.string().regex(SHA256_PATTERN, 'a sha256 is 64 lower-case hex digits').optional().describe('Bytes already uploaded to POST /api/blobs'),
      // A typed `\n` is a new line, as in every other text argument: chat composers send one line.
      content: z
        .string()
        .transform((s) => s.replace(/\\n/g, '\n'))
        .optional()
        .describe('Small text to store as the file; \\n starts a new line'),
      name: z.string().optional().describe('The artifact name (may contain /)'),
      type: z.string().optional().describe('Media type, guessed from the name if absent'),
      doc: z.boolean().optional().describe('Mark it as documentation (listed by /docs)'),
      ...ownerOptions,
    })
    .refine(oneOwner, ONE_OWNER),
  // Inline content is for those who may read the owner: shown as typed only in the owner's room.
  privateArgs: ['content'],
  showsPrivateIn: (args) => (args.task ? taskRoom(args.task) : args.sprint ? sprintRoom(args.sprint) : LOBBY),
  async handler(ctx, args) {
    if (args.file !== undefined) {
      throw new HubError(
        'invalid_args',
        '--file is read on your machine: run it from the CLI (npx switchboard artifact-upload --file=PATH ...) or the SDK, which upload the bytes first. In the web client, drop the file into the chat.',
        this.usage,
      );
    }
    if ((args.sha256 === undefined) === (args.content === undefined)) {
      throw new HubError('invalid_args', 'Give exactly one of --file, --sha256 or --content.', this.usage);
    }
    if (!args.name) throw new HubError('invalid_args', 'Missing --name: what should the artifact be called?', this.usage);
    const owner = ownerFrom(args)!;
    await ctx.services.artifacts.ownerRooms(owner);
    await ctx.services.access.assertArtifactWrite(ctx.principal, owner); // a missing task or sprint fails before any bytes are stored
    if (args.sha256 !== undefined) {
      const blob = await ctx.services.artifacts.blobs.stat(args.sha256);
      // Bytes the caller itself just sent over HTTP are its to link; a hash alone proves nothing.
      if (blob && !ctx.services.artifacts.blobs.receipts.has(ctx.principal.name, blob._id)) await ctx.services.access.assertBlobUse(ctx.principal, blob._id, blob.linked);
    }
    const sha256 = args.sha256 ?? (await ctx.services.artifacts.blobs.put(Readable.from([Buffer.from(args.content!, 'utf8')]), ctx.services.options.maxArtifactBytes)).sha256;
    const { artifact, created } = await ctx.services.artifacts.record(ctx, { owner, name: args.name, sha256, mediaType: args.type, doc: args.doc });
    return recordedResult(artifact, created, owner);
  },
});
