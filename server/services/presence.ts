import type { Types } from 'mongoose';
import { LOBBY, agentStatusOf, type PresenceEvent, type PrincipalRef } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import type { Emit } from './events.js';

/**
 * Who is online, as stored on principals. The hub's socket layer flips it when a principal's
 * first socket connects or its last one closes (counting sockets across hubs), so commands and
 * the lease keeper can ask without touching socket.io.
 */
export class PresenceService {
  constructor(private readonly models: Models) {}

  async isOnline(name: string): Promise<boolean> {
    return Boolean(await this.models.principals.exists({ name, online: true }));
  }

  /** Whether `id` is stored online, and its latest session: what a connecting socket needs, in one read. */
  async state(id: string): Promise<{ online: boolean; lastSessionId: Types.ObjectId | null }> {
    const p = await this.models.principals.findById(id, { online: 1, lastSessionId: 1 }).lean();
    return { online: Boolean(p?.online), lastSessionId: p?.lastSessionId ?? null };
  }

  /** Which of `names` are online. */
  async onlineAmong(names: string[]): Promise<Set<string>> {
    if (!names.length) return new Set();
    return new Set((await this.models.principals.find({ name: { $in: names }, online: true }, { name: 1 }).lean()).map((p) => p.name));
  }

  /** How many agents are online (a metrics gauge). */
  agentsOnline(): Promise<number> {
    return this.models.principals.countDocuments({ kind: 'agent', online: true });
  }

  /** Everyone stored as online, whether or not a socket is still there (checked at start). */
  async markedOnline(): Promise<{ id: string; name: string }[]> {
    return (await this.models.principals.find({ online: true }, { name: 1 }).lean()).map((p) => ({ id: String(p._id), name: p.name }));
  }

  /** Stored offline without telling anyone: the hub that had its sockets is gone. */
  async markOffline(id: string): Promise<void> {
    await this.models.principals.updateOne({ _id: id }, { $set: { online: false } });
  }

  /** The last socket of `principal`, on any hub, closed. */
  async wentOffline(principal: PrincipalRef, emit: Emit): Promise<void> {
    await this.models.principals.updateOne({ _id: principal.id }, { $set: { online: false, lastSeenAt: new Date() } });
    emit(LOBBY, 'presence', { principal, status: 'offline' });
  }

  /** The first socket of `principal` is up with `session` open: stored online with it as its latest session, in one write. */
  async cameOnline(principal: PrincipalRef, session: Types.ObjectId, emit: Emit): Promise<void> {
    await this.models.principals.updateOne({ _id: principal.id }, { $set: { online: true, lastSeenAt: new Date(), lastSessionId: session } });
    emit(LOBBY, 'presence', { principal, status: await this.onlineStatusOf(principal) });
  }

  /** An agent that declared busy or idle is that again when it reconnects. */
  private async onlineStatusOf(principal: PrincipalRef): Promise<PresenceEvent['status']> {
    if (principal.kind !== 'agent') return 'online';
    const entry = await this.models.agents.findOne({ name: principal.name }, { declaredStatus: 1 }).lean();
    return agentStatusOf(true, entry?.declaredStatus);
  }
}
