import { z } from 'zod';
import type { Parcel } from './parcels.js';

/**
 * A read mark: the `seq` of the last message a principal has seen in a room. Kept on the hub
 * per principal and room, so every browser and device of one person agrees on what is unread.
 * Marks only move forward.
 */
export const ReadMarkSchema = z
  .object({
    room: z.string().min(1).max(200),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type ReadMarkPayload = z.input<typeof ReadMarkSchema>;

/** GET /api/read-marks?rooms=a,b: `{room: seq}` for those of the rooms the caller has read. */
export interface ReadMarksView {
  marks: Record<string, number>;
}

/** PUT /api/read-marks: the mark as stored (a lower seq than the stored one leaves it). */
export interface ReadMarkAnswer {
  room: string;
  seq: number;
}

/** `read:mark`: sent to the principal's own room (its sockets, and admins looking in); clients apply only their own. */
export interface ReadMarkEvent extends ReadMarkAnswer {
  principal: string;
}

/** GET /api/inbox: the caller's parcels (read or not), newest first, with their bodies. */
export interface InboxView {
  parcels: Parcel[];
}
