import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { Limits, type CommandResult, type MessageKind, type PrincipalRef, type RoomName } from '../../protocol/index.js';
import type { MessageDoc } from '../db/models/message.js';
import type { Models } from '../db/models/index.js';
import { messageKeyFor } from './message-ids.js';
import { RecentMessages } from './recent-messages.js';
import { Sequences } from './sequences.js';
import { GroupCommit } from './group-commit.js';

/** A message as stored (a resend is answered from it). */
export type StoredMessage = MessageDoc;

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
  room: string;
  messages: NewMessage[];
  resolve: (stored: Appended) => void;
  reject: (err: unknown) => void;
}

/** What an append stored; `resent`: the sender's client id was stored before, and `docs` is that first message alone. */
export interface Appended {
  docs: MessageDoc[];
  resent: boolean;
}

const DUPLICATE_KEY = 11000;

/** Tries at one batch before giving up: each retry follows another hub taking the seqs tried. */
const MAX_ATTEMPTS = 20;

/** Most messages in one insert: a flush stays one modest request however many wait. */
const MAX_BATCH = 500;

/** A message of a batch on its way to the database. */
interface Slot {
  entry: number;
  index: number;
  room: string;
  message: NewMessage;
  doc: MessageDoc | null;
}

/**
 * Stores chat messages with a per-room `seq`, gap-free and exactly once across hubs (see
 * sequences.ts): a message is inserted under the `_id` derived from (room, seq).
 *
 * Group commit across rooms: the appends of every room that arrive while the previous insert is
 * in flight go to the database as one ordered `insertMany`, so twenty quiet rooms cost one round
 * trip, as one busy room does. Order within a room is the order of `append`: one insert is in
 * flight at a time, and an ordered insert stores nothing after its first refusal, so a room's
 * later message is never stored before an earlier one that was refused (the rest is written
 * again, above the room's new top).
 */
export class MessageStore {
  private queue: Pending[] = [];
  /** Rooms whose top this hub is learning: their appends wait, so a probe never holds up the others. */
  private readonly warming = new Set<string>();
  private readonly commit = new GroupCommit(
    () => this.flush(),
    () => this.queue.some((p) => !this.warming.has(p.room)),
  );
  private readonly recent = new RecentMessages();
  private readonly seqs: Sequences;

  constructor(private readonly models: Models) {
    this.seqs = new Sequences(models, async (room, seq) => {
      if (this.recent.get(room, seq)) return true;
      return (await models.messages.exists({ _id: messageKeyFor(room, seq) })) !== null;
    });
  }

  append(room: RoomName, messages: NewMessage[]): Promise<MessageDoc[]> {
    return this.send(room, messages).then((stored) => stored.docs);
  }

  /**
   * Appends what a sender sent with a client id (the first message carries it). The unique index
   * on (sender, client id) decides whether it is new: a resend is answered with what the first
   * send stored, found only then, so a new send costs no lookup before its insert.
   */
  send(room: RoomName, messages: NewMessage[]): Promise<Appended> {
    return new Promise((resolve, reject) => {
      this.queue.push({ room, messages, resolve, reject });
      if (!this.seqs.knows(room)) this.warm(room);
      this.commit.request();
    });
  }

  /** Learns the top of a room this hub has not written or read, then lets its appends go. */
  private warm(room: string): void {
    if (this.warming.has(room)) return;
    this.warming.add(room);
    this.seqs.top(room).then(
      () => {
        this.warming.delete(room);
        this.commit.request();
      },
      (err: unknown) => {
        this.warming.delete(room);
        const waiting = this.queue.filter((p) => p.room === room);
        this.queue = this.queue.filter((p) => p.room !== room);
        for (const p of waiting) p.reject(err);
      },
    );
  }

  /** Writes the appends waiting (up to MAX_BATCH messages) of rooms whose top is known; never throws. */
  private async flush(): Promise<void> {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const held = new Set<string>();
    let size = 0;
    for (const p of this.queue) {
      const fits = batch.length === 0 || size + p.messages.length <= MAX_BATCH;
      // Once one append waits, every later one of its room waits too (order within a room).
      if (this.warming.has(p.room) || !fits || held.has(p.room)) {
        rest.push(p);
        held.add(p.room);
        continue;
      }
      batch.push(p);
      size += p.messages.length;
    }
    this.queue = rest;
    try {
      await this.write(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  /**
   * Writes a batch in order. An ordered insert stops at the first refusal: what came before is
   * stored, what came after is written again; a taken seq (another hub wrote there) sends its
   * room's rest above the new top; a taken client id (the same send raced in twice) answers that
   * send with the stored message.
   */
  private async write(batch: Pending[]): Promise<void> {
    const now = new Date();
    let pending: Slot[] = batch.flatMap((p, entry) => p.messages.map((message, index) => ({ entry, index, room: p.room, message, doc: null })));
    const byEntry = new Map<number, Slot[]>();
    for (const slot of pending) byEntry.set(slot.entry, [...(byEntry.get(slot.entry) ?? []), slot]);
    const settled = new Map<number, MessageDoc[] | Error>();
    const fresh = new Set<string>();
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not find free seqs after ${MAX_ATTEMPTS} tries`);
      const next = new Map<string, number>();
      for (const room of new Set(pending.map((s) => s.room))) next.set(room, (await this.seqs.top(room, fresh.has(room))) + 1);
      fresh.clear();
      for (const slot of pending) {
        const seq = next.get(slot.room)!;
        next.set(slot.room, seq + 1);
        slot.doc = this.draft(slot.room, seq, slot, byEntry.get(slot.entry)!, now);
      }
      const docs = pending.map((s) => s.doc!);
      const refused = await this.insertOrdered(docs);
      const stored = refused === null ? docs.length : refused.index;
      for (const doc of docs.slice(0, stored)) this.seqs.stored(doc.room, doc.seq);
      if (refused === null) break;
      const failed = pending[refused.index]!;
      pending = pending.slice(refused.index + 1);
      const seqTaken = refused.code === DUPLICATE_KEY && (await this.models.messages.exists({ _id: failed.doc!._id })) !== null;
      if (seqTaken) {
        fresh.add(failed.room);
        pending.unshift(failed); // its seq was taken: it goes above the new top with the rest
        continue;
      }
      // Not the seq: the client id (a resend racing its first send) or a real failure.
      // Only the first message of an entry carries the sender's client id (a command's result does not).
      const existing =
        refused.code === DUPLICATE_KEY && failed.index === 0 && failed.message.clientId !== undefined
          ? await this.findByClientId(failed.message.sender.id, failed.doc!.clientId)
          : null;
      settled.set(failed.entry, existing ? [existing] : new Error(`message insert failed with code ${refused.code}`));
      pending = pending.filter((s) => s.entry !== failed.entry);
    }
    for (const [entry, p] of batch.entries()) {
      const outcome = settled.get(entry);
      if (outcome instanceof Error) p.reject(outcome);
      else if (outcome) p.resolve({ docs: outcome, resent: true });
      else {
        const docs = byEntry.get(entry)!.map((s) => s.doc!);
        this.recent.add(docs);
        p.resolve({ docs, resent: false });
      }
    }
  }

  private draft(room: string, seq: number, slot: Slot, entrySlots: Slot[], now: Date): MessageDoc {
    const m = slot.message;
    const replyTo = m.replyTo instanceof Types.ObjectId ? m.replyTo : m.replyTo ? entrySlots[m.replyTo.index]!.doc!._id : null;
    return {
      _id: messageKeyFor(room, seq),
      room,
      seq,
      kind: m.kind,
      sender: m.sender,
      text: m.text,
      clientId: m.clientId ?? slot.doc?.clientId ?? `srv-${randomUUID()}`,
      replyTo,
      result: m.result ?? null,
      meta: m.meta ?? null,
      createdAt: now,
    };
  }

  /** Inserts in order; null when all went in, else the first refused (those before it are stored). */
  private async insertOrdered(docs: MessageDoc[]): Promise<{ index: number; code: number } | null> {
    try {
      await this.models.messages.collection.insertMany(docs, { ordered: true });
      return null;
    } catch (err) {
      const errors = (err as { writeErrors?: { index: number; code: number } | { index: number; code: number }[] }).writeErrors;
      if (!errors) throw err;
      const first = (Array.isArray(errors) ? errors : [errors]).reduce((a, b) => (b.index < a.index ? b : a));
      return { index: first.index, code: first.code };
    }
  }

  /** The message `senderId` sent with `clientId`, if stored: the unique (sender, client id) index serves the lookup. */
  async findByClientId(senderId: string, clientId: string): Promise<MessageDoc | null> {
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
    const last = await this.seqs.latest(room);
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
