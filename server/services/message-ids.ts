import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * Message ids derived from what identifies a message, so that reading one is an `_id` lookup:
 * the only filter FerretDB v1 (the embedded database) hands to SQLite, and there (patched, see
 * scripts/ensure.mjs) an index lookup. Any other filter decodes and tests every message of every
 * room in Go, so history pages and idempotency checks grew with all the chat ever stored.
 */
export const derivedId = (parts: string[]): Types.ObjectId => new Types.ObjectId(createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 12));

/** The `_id` of message `seq` of `room`: a page of history is the ids of its seqs. */
export const messageKeyFor = (room: string, seq: number): Types.ObjectId => derivedId(['message', room, String(seq)]);


/** The `_id` of the intent recorded before the command `senderId` sent with `clientId` runs. */
export const commandIntentKeyFor = (senderId: string, clientId: string): Types.ObjectId => derivedId(['intent', senderId, clientId]);
