import { parseRoom, type ReadMarkAnswer } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { AccessService, Caller } from './access.js';
import type { Clock } from './clock.js';

/** How many rooms' marks a browser loads: the most recently read; older rooms count as read up to what they show. */
export const READ_MARKS_LOADED = 500;

/** Read marks per principal and room, on the hub, so every device of a person agrees on what is unread. */
export class ReadMarkService {
  constructor(
    private readonly models: Models,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async forPrincipal(name: string, limit = READ_MARKS_LOADED): Promise<Record<string, number>> {
    const docs = await this.models.readMarks.find({ principal: name }, { room: 1, seq: 1 }).sort({ updatedAt: -1 }).limit(limit).lean();
    return Object.fromEntries(docs.map((d) => [d.room, d.seq]));
  }

  /** Moves the caller's mark in `room` forward to `seq` (never back), in a room the caller may use. */
  async mark(caller: Caller, room: string, seq: number): Promise<ReadMarkAnswer> {
    const parsed = parseRoom(room);
    if (!parsed) throw new HubError('bad_request', `"${room}" is not a room; rooms are lobby, sprint:CODE, task:CODE or agent:NAME.`);
    await this.access.assertRoom(caller, parsed);
    const _id = `${caller.name} ${parsed.name}`;
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
