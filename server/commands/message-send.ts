import { z } from 'zod';
import { artifactRef, code, list, principalName, text } from './args.js';
import { defineCommand } from './definition.js';
import { parcelSummary } from './parcel-results.js';
import { success } from './results.js';

export default defineCommand({
  name: 'message-send',
  aliases: ['msg'],
  summary: 'Send a message to the inbox of an agent or a person, about a task or with attachments; secrets in it are redacted.',
  usage: '/message-send @name[,@other] "subject" "body" [--task=CODE] [--attach=URI,...] [--content="text" --name=NAME] [--reply-to=ID]',
  args: z
    .object({
      to: list(principalName(), 'recipients').describe('Who gets it: @name, or several separated by commas'),
      subject: text('subject', 200).describe('One line saying what it is about'),
      body: text('body', 16 * 1024).optional().describe('The message itself'),
      task: code('task').optional().describe('The task it is about (also posted in its room)'),
      attach: list(artifactRef(), 'artifact URIs').optional().describe('Artifacts to attach, by sb:// URI'),
      content: z
        .string()
        .transform((s) => s.replace(/\\n/g, '\n'))
        .optional()
        .describe('Small text to attach as a file (needs --name); \\n starts a new line'),
      name: z.string().trim().min(1).max(255).optional().describe('The name of the --content attachment'),
      'reply-to': z.string().optional().describe('The id of the message this answers (same thread)'),
    })
    .refine((a) => (a.content === undefined) === (a.name === undefined), { message: 'give --content and --name together', path: ['content'] }),
  positionals: ['to', 'subject', 'body...'],
  // Typed in any room, the message is for its recipients: the room sees that one was sent, to whom.
  privateArgs: ['subject', 'body', 'content'],
  forRoom(result) {
    const { parcels } = result.data;
    const to = parcels.map((p) => `@${p.to}`).join(', ');
    return { ...result, data: { parcels: parcels.map(({ subject: _s, ...p }) => p) }, text: `✉️ Sent a message to ${to}` };
  },
  async handler(ctx, args) {
    const parcels = await ctx.services.postmaster.send(ctx, {
      to: args.to,
      subject: args.subject,
      body: args.body ?? '',
      kind: 'message',
      task: args.task,
      attach: args.attach,
      inline: args.content !== undefined ? [{ name: args.name!, content: args.content }] : [],
      replyTo: args['reply-to'],
    });
    const first = parcels[0]!;
    const redacted = first.redactions ? `; ${first.redactions} secret${first.redactions === 1 ? ' was' : 's were'} redacted` : '';
    return success('Toast', { parcels: parcels.map(parcelSummary) }, `✉️ Sent "${first.subject}" to ${parcels.map((p) => `@${p.to}`).join(', ')}${redacted}`);
  },
});
