import { createHash, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { Limits, type CommandResult, type MessageKind, type PrincipalRef, type RoomName } from '../../protocol/index.js';
import type { MessageDoc } from '../db/models/message.js';
import type { Models } from '../db/models/index.js';
import { isDuplicateKey } from './mongo-errors.js';

export interface NewMessage {
  kind: MessageKind;
  sender: PrincipalRef;
  text: string;
  clientId?: string;
  /** Index, within the same append, of the message this one replies to; or an id. */
  replyTo?: Types.ObjectId | { index: number };
  result?: CommandResult;
  meta?: Record<string, unknown>;
}

interface Pending {
  messages: NewMessage[];
  resolve: (docs: MessageDoc[]) => void;
  reject: (err: unknown) => void;
}

const DUPLICATE_KEY = 11000;

/**
 * The `_id` of a message sent with a client id, derived from (sender, client id), so that the
 * idempotency check run before every send is a lookup by `_id`. FerretDB v1 (the embedded
 * database) hands only an `{_id}` filter to SQLite; any other filter decodes and tests every
 * message of every room in Go, which made that check cost more than the whole write as history
 * grew. On MongoDB both are index lookups. The unique (sender.id, clientId) index still holds.
 */
export function messageIdFor(senderId: string, clientId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${senderId}\u0000${clientId}`).digest().subarray(0, 12));
}

/**
 * Stores chat messages with a per-room `seq`. Appends that arrive while a room's previous write
 * is in flight are coalesced: one counter `$inc` reserves a block of seqs and one `insertMany`
 * writes them, so the database sees one round trip per burst instead of two per message.
 * Order within a room is the order of `append` calls.
 */
export class MessageStore {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();

  constructor(private readonly models: Models) {}

  append(room: RoomName, messages: NewMessage[]): Promise<MessageDoc[]> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(room);
      const entry = { messages, resolve, reject };
      if (queue) queue.push(entry);
      else this.queues.set(room, [entry]);
      if (!this.flushing.has(room)) setImmediate(() => void this.flush(room));
    });
  }

  private async flush(room: string): Promise<void> {
    if (this.flushing.has(room)) return;
    const batch = this.queues.get(room);
    if (!batch?.length) return;
    this.queues.delete(room);
    this.flushing.add(room);
    try {
      await this.write(room, batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.flushing.delete(room);
      if (this.queues.get(room)?.length) void this.flush(room);
    }
  }

  /**
   * Reserves `count` seqs of `room` and returns the first. Two hubs creating the same room's
   * counter at once: MongoDB retries the losing upsert itself, FerretDB answers it with a
   * duplicate key; the counter exists by then, so asking once more is enough.
   */
  private async reserve(room: string, count: number): Promise<number> {
    const inc = () =>
      this.models.counters.collection.findOneAndUpdate({ _id: room as never }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' });
    const counter = await inc().catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      return inc();
    });
    return (counter?.seq as number) - count + 1;
  }

  private async write(room: string, batch: Pending[]): Promise<void> {
    const count = batch.reduce((n, p) => n + p.messages.length, 0);
    let seq = await this.reserve(room, count);
    const now = new Date();
    const docsPerEntry = batch.map((p) => {
      const docs: MessageDoc[] = [];
      for (const m of p.messages) {
        const replyTo = m.replyTo instanceof Types.ObjectId ? m.replyTo : m.replyTo ? docs[m.replyTo.index]!._id : null;
        docs.push({
          _id: m.clientId === undefined ? new Types.ObjectId() : messageIdFor(m.sender.id, m.clientId),
          room,
          seq: seq++,
          kind: m.kind,
          sender: m.sender,
          text: m.text,
          clientId: m.clientId ?? `srv-${randomUUID()}`,
          replyTo,
          result: m.result ?? null,
          meta: m.meta ?? null,
          createdAt: now,
        });
      }
      return docs;
    });
    const all = docsPerEntry.flat();
    const failed = new Map<number, number>();
    try {
      await this.models.messages.collection.insertMany(all, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
      if (!writeErrors) throw err;
      for (const e of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) failed.set(e.index, e.code);
    }
    let offset = 0;
    for (const [i, p] of batch.entries()) {
      const docs = docsPerEntry[i]!;
      const errors = docs.map((_, j) => failed.get(offset + j));
      offset += docs.length;
      if (errors.every((c) => c === undefined)) {
        p.resolve(docs);
        continue;
      }
      // A concurrent send with the same client id won the race: answer with the stored one.
      if (docs.length === 1 && errors[0] === DUPLICATE_KEY) {
        const existing = await this.findByClientId(docs[0]!.sender.id, docs[0]!.clientId);
        if (existing) {
          p.resolve([existing]);
          continue;
        }
      }
      p.reject(new Error(`message insert failed with code ${errors.find((c) => c !== undefined)}`));
    }
  }

  /** The message `senderId` sent with `clientId`, if stored. */
  findByClientId(senderId: string, clientId: string): Promise<MessageDoc | null> {
    return this.models.messages.findOne({ _id: messageIdFor(senderId, clientId) }).lean<MessageDoc>().exec();
  }

  findReply(messageId: Types.ObjectId): Promise<MessageDoc | null> {
    return this.models.messages.findOne({ replyTo: messageId }).lean<MessageDoc>().exec();
  }

  /** A page of a room, oldest first. */
  async history(room: RoomName, page: { before?: number; after?: number; limit?: number }): Promise<MessageDoc[]> {
    const limit = Math.min(page.limit ?? Limits.joinHistory, Limits.historyPage);
    if (page.after !== undefined) {
      return this.models.messages.find({ room, seq: { $gt: page.after } }).sort({ seq: 1 }).limit(limit).lean<MessageDoc[]>().exec();
    }
    const filter = page.before !== undefined ? { room, seq: { $lt: page.before } } : { room };
    const newestFirst = await this.models.messages.find(filter).sort({ seq: -1 }).limit(limit).lean<MessageDoc[]>().exec();
    return newestFirst.reverse();
  }
}
