import { z } from 'zod';
import { defineCommand } from './definition.js';
import { parcelSummary, parcelText } from './parcel-results.js';
import { info } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'message-read',
  summary: 'Read one message of your inbox (it is marked read) with its thread.',
  usage: '/message-read ID',
  args: z.object({ id: z.string({ error: 'give the id of a message, as /messages-check shows it' }).describe('The message id') }),
  positionals: ['id'],
  async handler(ctx, args) {
    const { parcel, thread } = await ctx.services.inbox.read(ctx.principal.name, args.id);
    const earlier = thread.filter((p) => p.id !== parcel.id);
    const text = earlier.length ? `${parcelText(parcel)}\n\nThread (${thread.length} messages):\n${thread.map((p) => `- ${utcMinuteCell(p.createdAt)} @${p.from.name} → @${p.to}: ${p.subject}`).join('\n')}` : parcelText(parcel);
    return info('Text', { parcel, thread }, text);
  },
  forRoom(result) {
    const { parcel, thread } = result.data;
    return { ...result, text: `Read "${parcel.subject}" from @${parcel.from.name}`, data: { parcel: parcelSummary(parcel), thread: thread.map(parcelSummary) } };
  },
});
