import { z } from 'zod';
import { limit } from './args.js';
import { defineCommand } from './definition.js';
import { parcelSummary, parcelText } from './parcel-results.js';
import { info } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'messages-check',
  aliases: ['inbox'],
  summary: 'Your inbox, newest first: unread messages (or --status=read|all), each with its id, sender, subject and body.',
  usage: '/messages-check [--status=unread|read|all] [--limit=N]',
  args: z.object({
    status: z.enum(['unread', 'read', 'all'], { error: 'status must be one of unread, read, all' }).optional().describe('Which messages (unread)'),
    limit: limit(200).optional().describe('How many (50)'),
  }),
  async handler(ctx, args) {
    const filter = args.status ?? 'unread';
    const parcels = await ctx.services.inbox.list(ctx.principal.name, filter, args.limit);
    const rows = parcels.map((p) => ({ id: p.id, when: utcMinuteCell(p.createdAt), from: `@${p.from.name}`, subject: p.subject, task: p.task, kind: p.kind, status: p.status }));
    const data = {
      title: `Inbox of @${ctx.principal.name}: ${parcels.length} ${filter === 'all' ? '' : `${filter} `}message${parcels.length === 1 ? '' : 's'}`,
      columns: [
        { key: 'when', label: 'When (UTC)' },
        { key: 'from', label: 'From' },
        { key: 'subject', label: 'Subject' },
        { key: 'task', label: 'Task' },
        { key: 'status', label: 'Status' },
        { key: 'id', label: 'Id' },
      ],
      rows,
      parcels,
    };
    if (!parcels.length) return info('Table', data, filter === 'unread' ? 'No unread messages.' : 'No messages.');
    return info('Table', data, `${data.title}\n\n${parcels.map(parcelText).join('\n\n---\n\n')}\n\nMark one read with /message-read ID.`);
  },
  // The inbox may be listed in a shared room: there, show who wrote what, not the bodies.
  forRoom(result) {
    return { ...result, text: result.text.split('\n\n')[0]!, data: { ...result.data, parcels: result.data.parcels.map(parcelSummary) } };
  },
});
