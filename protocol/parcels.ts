import { z } from 'zod';
import { PrincipalRefSchema } from './entities.js';

/**
 * A parcel: a message to a principal's inbox, processed by the postmaster (attachments stored,
 * secrets redacted) and delivered exactly once per acknowledgement.
 * queued -> delivered (a client acked `parcel:new`) -> read (/message-read).
 */
export const PARCEL_STATUSES = ['queued', 'delivered', 'read'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

export const ParcelAttachmentSchema = z.object({
  name: z.string(),
  uri: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});
export type ParcelAttachment = z.infer<typeof ParcelAttachmentSchema>;

export const ParcelSchema = z.object({
  id: z.string(),
  from: PrincipalRefSchema,
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  kind: z.enum(['message', 'assignment', 'mention', 'broadcast', 'notice']),
  task: z.string().nullable(),
  attachments: z.array(ParcelAttachmentSchema),
  replyTo: z.string().nullable(),
  threadId: z.string(),
  status: z.enum(PARCEL_STATUSES),
  /** How many secrets the postmaster replaced before storing. */
  redactions: z.number().int(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type Parcel = z.infer<typeof ParcelSchema>;

export interface ParcelNewEvent {
  parcel: Parcel;
}

export const ParcelAckSchema = z.object({ id: z.string().min(1).max(64) });
export type ParcelAckPayload = z.input<typeof ParcelAckSchema>;
export type ParcelAckAck = { ok: true; id: string; status: ParcelStatus } | { ok: false; error: { code: string; message: string } };
