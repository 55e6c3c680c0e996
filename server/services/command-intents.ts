import type { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import type { Clock } from './clock.js';
import { commandIntentKeyFor } from './message-ids.js';
import { InsertBatcher } from './insert-batcher.js';
import { isDuplicateKey } from './mongo-errors.js';
import { OpStamp } from './op-stamp.js';

interface IntentDoc {
  _id: Types.ObjectId;
  room: string;
  command: string;
  at: Date;
}

/**
 * Exactly once across crashes for commands sent with a client id: the intent is written before
 * the handler's first write, and the stamp it yields makes those writes idempotent. A second
 * arrival finds the intent, learns it is a resend, and repeats the run under the same stamp.
 */
export class CommandIntents {
  /** Intents of concurrent commands go in one insert (group commit). */
  private readonly inserts: InsertBatcher<IntentDoc>;

  constructor(
    models: Models,
    private readonly clock: Clock,
  ) {
    this.inserts = new InsertBatcher<IntentDoc>(models.commandIntents.collection);
  }

  /** Records the intent (one insert) and returns the stamp the command's writes carry. */
  async begin(senderId: string, clientId: string, room: string, command: string): Promise<OpStamp> {
    const _id = commandIntentKeyFor(senderId, clientId);
    try {
      await this.inserts.insertOne({ _id, room, command, at: this.clock.now() });
      return new OpStamp(_id.toHexString(), false);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return new OpStamp(_id.toHexString(), true);
    }
  }

  /** The stamp of a command whose message is stored but whose result is not: it ran, at least in part. */
  resumed(senderId: string, clientId: string): OpStamp {
    return new OpStamp(commandIntentKeyFor(senderId, clientId).toHexString(), true);
  }
}
