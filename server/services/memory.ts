import type { Types } from 'mongoose';
import { MEMORY_KEY_PATTERN, MEMORY_VALUE_BYTES, type MemoryEntry, type PrincipalRef } from '../../protocol/index.js';
import type { MemoryDoc } from '../db/models/memory.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import { formatBytes } from './blob-store.js';
import { systemClock, type Clock } from './clock.js';
import { isDuplicateKey } from './mongo-errors.js';
import type { SessionService } from './sessions.js';

export interface MemoryWrite {
  key: string;
  value: string;
  ephemeral: boolean;
  /** Milliseconds until the entry expires; an entry that expires is ephemeral. */
  ttlMs?: number;
}

export interface MemoryOwner {
  /** The principal id, which finds the live session an ephemeral entry belongs to. */
  id: PrincipalRef['id'];
  name: PrincipalRef['name'];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function memoryToWire(m: MemoryDoc): MemoryEntry {
  return {
    key: m.key,
    value: m.value,
    ephemeral: m.ephemeral,
    expiresAt: m.expiresAt ? new Date(m.expiresAt).toISOString() : null,
    updatedAt: new Date(m.updatedAt).toISOString(),
  };
}

/**
 * What a principal (an agent, mostly) remembers, by key. Durable entries stay across sessions and
 * restarts; ephemeral ones belong to the live session (ended with it by SessionService.end) or
 * expire at their TTL. TTL indexes are not relied on (FerretDB v1 has none): every read filters
 * out what has expired and deletes it on the way, and `sweepExpired` clears the rest.
 */
export class MemoryService {
  constructor(
    private readonly models: Models,
    private readonly sessions: SessionService,
    /** Where TTLs are measured from and against: a test moves it instead of sleeping. */
    private readonly clock: Clock = systemClock,
  ) {}

  async set(owner: MemoryOwner, input: MemoryWrite, now = this.clock.now()): Promise<MemoryEntry> {
    assertKey(input.key);
    const bytes = Buffer.byteLength(input.value, 'utf8');
    if (bytes > MEMORY_VALUE_BYTES) {
      throw new HubError(
        'too_large',
        `A memory value holds at most ${formatBytes(MEMORY_VALUE_BYTES)} and this one is ${formatBytes(bytes)}: store it as an artifact (/artifact-upload) and remember its URI instead.`,
      );
    }
    const ephemeral = input.ephemeral || input.ttlMs !== undefined;
    let sessionId: Types.ObjectId | null = null;
    if (ephemeral) {
      const session = await this.sessions.current(owner.id);
      if (!session && input.ttlMs === undefined) {
        throw new HubError(
          'invalid_args',
          `@${owner.name} has no live chat session for an ephemeral entry to end with (no socket is connected): give --ttl=DURATION, or leave out --ephemeral to keep it.`,
        );
      }
      sessionId = session?._id ?? null;
    }
    const fields = {
      value: input.value,
      ephemeral,
      sessionId,
      expiresAt: input.ttlMs === undefined ? null : new Date(now.getTime() + input.ttlMs),
      updatedAt: now,
    };
    // Two writers of a new key may both try to insert; the unique (owner, key) index lets one win
    // and the other then updates what it inserted.
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.models.memory.findOneAndUpdate({ owner: owner.name, key: input.key }, { $set: fields }, { upsert: true, new: true, lean: true });
        return memoryToWire(doc!);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 0) throw err;
      }
    }
  }

  async get(owner: MemoryOwner, key: string, now = this.clock.now()): Promise<MemoryEntry> {
    assertKey(key);
    const doc = await this.models.memory.findOne({ owner: owner.name, key }).lean();
    const [live] = doc ? await this.keepLive(owner, [doc], now) : [];
    if (!live) throw new HubError('not_found', `@${owner.name} has no memory "${key}"${doc ? ' any more (it expired)' : ''}; /memory-list shows what there is.`);
    return memoryToWire(live);
  }

  /** Live entries, sorted by key; only those starting with `prefix`, or only durable ones, if asked. */
  async list(owner: MemoryOwner, options: { prefix?: string; durableOnly?: boolean } = {}, now = this.clock.now()): Promise<MemoryEntry[]> {
    const docs = await this.models.memory
      .find({
        owner: owner.name,
        ...(options.prefix ? { key: { $regex: `^${escapeRegex(options.prefix)}` } } : {}),
        ...(options.durableOnly ? { ephemeral: false } : {}),
      })
      .sort({ key: 1 })
      .lean();
    return (await this.keepLive(owner, docs, now)).map(memoryToWire);
  }

  async forget(owner: MemoryOwner, key: string, now = this.clock.now()): Promise<MemoryEntry> {
    const entry = await this.get(owner, key, now);
    await this.models.memory.deleteOne({ owner: owner.name, key });
    return entry;
  }

  /** Deletes every expired entry, and ephemeral entries whose session ended without clearing them. */
  async sweepExpired(now = this.clock.now()): Promise<number> {
    // An entry that expires is ephemeral: the equality bounds what is read to those.
    const expired = await this.models.memory.deleteMany({ ephemeral: true, expiresAt: { $lte: now } });
    const sessionIds = (await this.models.memory.distinct('sessionId', { ephemeral: true })).filter((id) => id !== null);
    const ended = sessionIds.length ? await this.models.sessions.find({ _id: { $in: sessionIds }, endedAt: { $ne: null } }, { _id: 1 }).lean() : [];
    const orphaned = ended.length ? await this.models.memory.deleteMany({ sessionId: { $in: ended.map((s) => s._id) }, ephemeral: true }) : { deletedCount: 0 };
    return expired.deletedCount + orphaned.deletedCount;
  }

  /**
   * The entries still alive: not expired, and, if ephemeral with a session, of the live one (a hub
   * that died before ending a session leaves them behind). The others are deleted on the way.
   */
  private async keepLive(owner: MemoryOwner, docs: MemoryDoc[], now: Date): Promise<MemoryDoc[]> {
    const needsSession = docs.some((d) => d.ephemeral && d.sessionId);
    const current = needsSession ? await this.sessions.current(owner.id) : null;
    const alive = (d: MemoryDoc) =>
      !(d.expiresAt && new Date(d.expiresAt) <= now) && !(d.ephemeral && d.sessionId && !(current && current._id.equals(d.sessionId)));
    // Conditional on updatedAt, so an entry written again meanwhile is not deleted with its old self.
    const dead = docs.filter((d) => !alive(d)).map((d) => ({ _id: d._id, updatedAt: d.updatedAt }));
    await Promise.all(dead.map((d) => this.models.memory.deleteOne(d)));
    return docs.filter(alive);
  }
}

function assertKey(key: string): void {
  if (!MEMORY_KEY_PATTERN.test(key)) {
    throw new HubError('invalid_args', `"${key}" is not a memory key: up to 128 letters, digits and _ . : / -, starting with a letter or digit.`);
  }
}
