import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { Limits, type CommandResult, type MessageKind, type PrincipalRef, type RoomName } from '../../protocol/index.js';
import type { MessageDoc } from '../db/models/message.js';
import type { Models } from '../db/models/index.js';
import { clientSendKeyFor, messageKeyFor } from './message-ids.js';
import { RecentMessages } from './recent-messages.js';
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
 * Stores chat messages with a per-room `seq`. Appends that arrive while a room's previous write
 * is in flight are coalesced: one counter `$inc` reserves a block of seqs and one `insertMany`
 * writes them, so the database sees one round trip per burst instead of two per message.
 * Order within a room is the order of `append` calls.
 */
export class MessageStore {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();
  private readonly recent = new RecentMessages();

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
          _id: messageKeyFor(room, seq),
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
    await this.recordClientSends(batch, docsPerEntry, failed);
    let offset = 0;
    for (const [i, p] of batch.entries()) {
      const docs = docsPerEntry[i]!;
      const errors = docs.map((_, j) => failed.get(offset + j));
      offset += docs.length;
      if (errors.every((c) => c === undefined)) {
        this.recent.add(docs);
        p.resolve(docs);
        continue;
      }
      // A concurrent send with the same client id won the race: answer with the stored one.
      if (docs.length === 1 && errors[0] === DUPLICATE_KEY) {
        const existing = await this.findByClientId(docs[0]!.sender.id, docs[0]!.clientId, { thorough: true });
        if (existing) {
          p.resolve([existing]);
          continue;
        }
      }
      p.reject(new Error(`message insert failed with code ${errors.find((c) => c !== undefined)}`));
    }
  }

  /** Notes where each message sent with a client id went, for the idempotency check's fast path. */
  private async recordClientSends(batch: Pending[], docsPerEntry: MessageDoc[][], failed: Map<number, number>): Promise<void> {
    const entries: { _id: Types.ObjectId; room: string; seq: number }[] = [];
    let index = 0;
    for (const [i, p] of batch.entries()) {
      for (const [j, m] of p.messages.entries()) {
        const doc = docsPerEntry[i]![j]!;
        if (m.clientId !== undefined && !failed.has(index)) entries.push({ _id: clientSendKeyFor(m.sender.id, m.clientId), room: doc.room, seq: doc.seq });
        index++;
      }
    }
    if (!entries.length) return;
    await this.models.clientSends.collection.insertMany(entries, { ordered: false }).catch((err: unknown) => {
      // Only a resend that raced its first send can find its entry there already.
      const errors = (err as { writeErrors?: { code: number }[] }).writeErrors;
      if (!errors || !(Array.isArray(errors) ? errors : [errors]).every((e) => e.code === DUPLICATE_KEY)) throw err;
    });
  }

  /**
   * The message `senderId` sent with `clientId`, if stored: one `_id` lookup in `client_sends`,
   * then one in messages. `thorough` also asks the messages themselves (a scan on FerretDB), for
   * the rare send whose entry is not written yet: a duplicate-key race, or a crash in between.
   */
  async findByClientId(senderId: string, clientId: string, options: { thorough?: boolean } = {}): Promise<MessageDoc | null> {
    const entry = await this.models.clientSends.findById(clientSendKeyFor(senderId, clientId)).lean();
    const found = entry ? await this.models.messages.findById(messageKeyFor(entry.room, entry.seq)).lean<MessageDoc>() : null;
    if (found || !options.thorough) return found;
    return this.models.messages.findOne({ 'sender.id': senderId, clientId }).lean<MessageDoc>().exec();
  }

  /** The result of a command: stored right after it, in the same room. */
  async findReply(command: MessageDoc): Promise<MessageDoc | null> {
    const next = await this.models.messages.findById(messageKeyFor(command.room, command.seq + 1)).lean<MessageDoc>();
    if (next?.replyTo && next.replyTo.equals(command._id)) return next;
    return this.models.messages.findOne({ replyTo: command._id }).lean<MessageDoc>().exec();
  }

  /** A page of a room, oldest first, read by `_id` (see message-ids.ts). */
  async history(room: RoomName, page: { before?: number; after?: number; limit?: number }): Promise<MessageDoc[]> {
    const limit = Math.min(page.limit ?? Limits.joinHistory, Limits.historyPage);
    const last = (await this.models.counters.findById(room).lean())?.seq ?? 0;
    if (page.after !== undefined) return this.readSeqs(room, page.after + 1, last, 1, limit);
    const top = page.before !== undefined ? Math.min(page.before - 1, last) : last;
    return (await this.readSeqs(room, top, 1, -1, limit)).reverse();
  }

  /**
   * Messages of `room` from seq `from` towards `to` (step 1 or -1), at most `limit`, in that order:
   * from memory where it has them, else one `_id` lookup each. A seq whose insert failed is a
   * gap; reading goes on past gaps, up to a bounded number of lookups.
   */
  private async readSeqs(room: string, from: number, to: number, step: 1 | -1, limit: number): Promise<MessageDoc[]> {
    const found: MessageDoc[] = [];
    let seq = from;
    let budget = limit * 4;
    const more = () => (step === 1 ? seq <= to : seq >= to);
    while (found.length < limit && more() && budget > 0) {
      const seqs: number[] = [];
      while (seqs.length < Math.min(limit - found.length, LOOKUP_WINDOW) && more()) {
        seqs.push(seq);
        seq += step;
      }
      budget -= seqs.length;
      const docs = await Promise.all(
        seqs.map((n) => this.recent.get(room, n) ?? this.models.messages.findById(messageKeyFor(room, n)).lean<MessageDoc>().exec()),
      );
      const read = docs.filter((d): d is MessageDoc => d !== null);
      this.recent.add(read);
      found.push(...read);
    }
    return found;
  }
}

/** Lookups in flight at once while reading a page; the pool has 20 connections. */
const LOOKUP_WINDOW = 50;
