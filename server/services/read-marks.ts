import { parseRoom, type ReadMarkAnswer, type PrincipalWithRole } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { AccessService } from './access.js';
import type { Clock } from './clock.js';

/** Rooms asked about in one request: a browser asks for the rooms it lists, a few dozen. */
export const READ_MARKS_PER_REQUEST = 200;

const markId = (principal: string, room: string) => `${principal} ${room}`;

/** Read marks per principal and room, on the hub, so every device of a person agrees on what is unread. */
export class ReadMarkService {
  constructor(
    private readonly models: Models,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** The caller's marks in these rooms (by `_id`, however many rooms the caller ever read); rooms never read are absent. */
  async forRooms(name: string, rooms: string[]): Promise<Record<string, number>> {
    if (rooms.length > READ_MARKS_PER_REQUEST) throw new HubError('bad_request', `Ask for at most ${READ_MARKS_PER_REQUEST} rooms at a time.`);
    if (!rooms.length) return {};
    const docs = await this.models.readMarks
      .find({ _id: { $in: rooms.map((r) => markId(name, r)) } }, { room: 1, seq: 1 })
      .limit(rooms.length)
      .lean();
    return Object.fromEntries(docs.map((d) => [d.room, d.seq]));
  }

  /** Moves the caller's mark in `room` forward to `seq` (never back), in a room the caller may use. */
  async mark(caller: PrincipalWithRole, room: string, seq: number): Promise<ReadMarkAnswer> {
    const parsed = parseRoom(room);
    if (!parsed) throw new HubError('bad_request', `"${room}" is not a room; rooms are lobby, sprint:CODE, task:CODE or agent:NAME.`);
    await this.access.assertRoom(caller, parsed);
    const _id = markId(caller.name, parsed.name);
    const doc = await this.models.readMarks
      .findOneAndUpdate(
        { _id },
        { $max: { seq }, $set: { updatedAt: this.clock.now() }, $setOnInsert: { principal: caller.name, room: parsed.name } },
        { upsert: true, new: true, lean: true },
      )
      .orFail();
    return { room: parsed.name, seq: doc.seq };
  }
}
