import type { Models } from '../db/models/index.js';
import type { Clock } from './clock.js';
import { commandIntentKeyFor } from './message-ids.js';
import { isDuplicateKey } from './mongo-errors.js';
import { OpStamp } from './op-stamp.js';

/**
 * Exactly once across crashes for commands sent with a client id: the intent is written before
 * the handler's first write, and the stamp it yields makes those writes idempotent. A second
 * arrival finds the intent, learns it is a resend, and repeats the run under the same stamp.
 */
export class CommandIntents {
  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {}

  /** Records the intent (one insert) and returns the stamp the command's writes carry. */
  async begin(senderId: string, clientId: string, room: string, command: string): Promise<OpStamp> {
    const _id = commandIntentKeyFor(senderId, clientId);
    try {
      await this.models.commandIntents.collection.insertOne({ _id, room, command, at: this.clock.now() });
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
