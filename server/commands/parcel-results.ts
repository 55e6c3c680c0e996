import type { Parcel, ParcelSummary } from '../../protocol/index.js';
import { utcMinute } from '../services/time-format.js';

/** A parcel as a command result carries it in a room: everything but the body, which is the recipient's. */
export const parcelSummary = (p: Parcel): ParcelSummary => {
  const { body: _body, ...rest } = p;
  return rest;
};

/** A parcel as text for terminals, bots and MCP clients: header lines, then the body. */
export function parcelText(p: Parcel): string {
  const lines = [
    `${p.subject}`,
    `From @${p.from.name} to @${p.to}, ${utcMinute(p.createdAt)} · ${p.kind} · ${p.status} · id ${p.id}`,
    ...(p.task ? [`Task: ${p.task}`] : []),
    ...p.attachments.map((a) => `Attachment: ${a.name} (${a.mediaType}, ${a.size} bytes) ${a.uri}`),
    ...(p.redactions ? [`(${p.redactions} secret${p.redactions === 1 ? '' : 's'} redacted by the postmaster)`] : []),
  ];
  return p.body ? `${lines.join('\n')}\n\n${p.body}` : lines.join('\n');
}
