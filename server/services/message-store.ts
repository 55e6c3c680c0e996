import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { Limits, type CommandResult, type MessageKind, type PrincipalRef, type RoomName } from '../../protocol/index.js';
import type { MessageDoc } from '../db/models/message.js';
import type { Models } from '../db/models/index.js';

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

  private async write(room: string, batch: Pending[]): Promise<void> {
    const count = batch.reduce((n, p) => n + p.messages.length, 0);
    const counter = await this.models.counters.collection.findOneAndUpdate(
      { _id: room as never },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after' },
    );
    let seq = (counter?.seq as number) - count + 1;
    const now = new Date();
    const docsPerEntry = batch.map((p) => {
      const docs: MessageDoc[] = [];
      for (const m of p.messages) {
        const replyTo = m.replyTo instanceof Types.ObjectId ? m.replyTo : m.replyTo ? docs[m.replyTo.index]!._id : null;
        docs.push({
          _id: new Types.ObjectId(),
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

  findByClientId(senderId: string, clientId: string): Promise<MessageDoc | null> {
    return this.models.messages.findOne({ 'sender.id': senderId, clientId }).lean<MessageDoc>().exec();
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
