import type { MessageDoc } from '../db/models/message.js';

/** Messages kept per room, and rooms kept: the newest of each, what joins and catch-ups read. */
const PER_ROOM = 100;
const ROOMS = 500;

/**
 * The latest messages of the busiest rooms, in memory. Stored messages never change, so a copy
 * keyed by (room, seq) cannot go stale; with several hubs each knows its own writes and what it
 * read, and the store looks up only what is missing here. Rooms are dropped least recently used.
 */
export class RecentMessages {
  private readonly rooms = new Map<string, Map<number, MessageDoc>>();

  get(room: string, seq: number): MessageDoc | undefined {
    return this.rooms.get(room)?.get(seq);
  }

  add(docs: MessageDoc[]): void {
    for (const d of docs) {
      let room = this.rooms.get(d.room);
      if (room) this.rooms.delete(d.room); // re-inserted below: most recently used last
      room ??= new Map();
      this.rooms.set(d.room, room);
      room.set(d.seq, d);
      if (room.size > PER_ROOM) room.delete(Math.min(...room.keys()));
    }
    while (this.rooms.size > ROOMS) this.rooms.delete(this.rooms.keys().next().value!);
  }
}
