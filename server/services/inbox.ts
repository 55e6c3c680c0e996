import type { Parcel, ParcelStatus } from '../../protocol/index.js';
import type { ParcelDoc } from '../db/models/parcel.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { DailyStats } from './analytics/daily-stats.js';
import { parcelId } from './postmaster.js';
import { parcelToWire } from './wire.js';

export type InboxFilter = 'unread' | 'read' | 'all';

/** Parcels sent again on each connection, oldest first; the rest wait for the next one or /messages-check. */
export const REDELIVERY_BATCH = 100;

/**
 * A principal's inbox: what is queued for it, acknowledgements (queued -> delivered), listing,
 * and reading (-> read). Only the recipient moves a parcel along; the sender may look at it.
 */
/** Statuses of a parcel not read yet. */
const UNREAD = ['queued', 'delivered'];
/** How far back the read history of an inbox is listed. */
const HISTORY_MONTHS = 24;

/** The `month` a parcel is filed under. */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

export class InboxService {
  constructor(
    private readonly models: Models,
    /** Counts deliveries and their latency (queued -> acknowledged) for analytics and /metrics. */
    private readonly daily?: DailyStats,
  ) {}

  /** Queued parcels, oldest first: what a connecting client is sent until it acknowledges. */
  async queued(name: string, limit = REDELIVERY_BATCH): Promise<Parcel[]> {
    const docs = await this.models.parcels.find({ to: name, status: 'queued' }).sort({ _id: 1 }).limit(limit).lean<ParcelDoc[]>();
    return docs.map(parcelToWire);
  }

  /** A client confirms a `parcel:new`. Acknowledging twice, or after reading, changes nothing. */
  async ack(name: string, id: string, now = new Date()): Promise<ParcelStatus> {
    const _id = parcelId(id);
    const moved = await this.models.parcels.findOneAndUpdate(
      { _id, to: name, status: 'queued' },
      { $set: { status: 'delivered', deliveredAt: now } },
      { new: true, lean: true },
    );
    if (moved) {
      await this.daily?.parcelDelivered(now.getTime() - new Date(moved.createdAt).getTime());
      return moved.status;
    }
    const parcel = await this.models.parcels.findOne({ _id, to: name }, { status: 1 }).lean();
    if (!parcel) throw new HubError('not_found', `There is no message ${id} in your inbox.`);
    return parcel.status;
  }

  /**
   * The inbox, newest first. Listing hands the parcels over: queued ones become delivered. Unread
   * parcels are read by status; read ones pile up with history, so they are read a month at a
   * time, newest month first, until the page is full.
   */
  async list(name: string, filter: InboxFilter, limit = 50, now = new Date()): Promise<Parcel[]> {
    const newestFirst = (a: ParcelDoc, b: ParcelDoc) => b._id.toHexString().localeCompare(a._id.toHexString());
    let docs: ParcelDoc[];
    if (filter === 'unread') {
      docs = await this.models.parcels.find({ to: name, status: { $in: UNREAD } }).lean<ParcelDoc[]>();
    } else {
      docs = [];
      for (let back = 0; back < HISTORY_MONTHS && docs.length < limit; back++) {
        const month = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)));
        const found = await this.models.parcels.find({ to: name, month, ...(filter === 'read' ? { status: 'read' } : {}) }).lean<ParcelDoc[]>();
        docs.push(...found.sort(newestFirst));
      }
    }
    docs = docs.sort(newestFirst).slice(0, limit);
    const queued = docs.filter((d) => d.status === 'queued').map((d) => d._id);
    if (queued.length) {
      await this.models.parcels.updateMany({ _id: { $in: queued }, status: 'queued' }, { $set: { status: 'delivered', deliveredAt: now } });
      for (const d of docs) if (d.status === 'queued') Object.assign(d, { status: 'delivered', deliveredAt: now });
    }
    return docs.map(parcelToWire);
  }

  /** One parcel and its thread (what the caller sent or received of it). Marks it read for its recipient. */
  async read(name: string, id: string, now = new Date()): Promise<{ parcel: Parcel; thread: Parcel[] }> {
    const _id = parcelId(id);
    let doc = await this.models.parcels.findById(_id).lean<ParcelDoc>();
    if (!doc || (doc.to !== name && doc.from.name !== name)) throw new HubError('not_found', `There is no message ${id} in your inbox or among what you sent.`);
    if (doc.to === name && doc.status !== 'read') {
      doc =
        (await this.models.parcels.findOneAndUpdate(
          { _id, status: { $ne: 'read' } },
          { $set: { status: 'read', readAt: now, deliveredAt: doc.deliveredAt ?? now } },
          { new: true, lean: true },
        )) ?? (await this.models.parcels.findById(_id).lean<ParcelDoc>())!;
    }
    const thread = await this.models.parcels
      .find({ threadId: doc.threadId, $or: [{ to: name }, { 'from.name': name }] })
      .sort({ _id: 1 })
      .limit(200)
      .lean<ParcelDoc[]>();
    return { parcel: parcelToWire(doc), thread: thread.map(parcelToWire) };
  }
}
