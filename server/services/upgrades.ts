import type { Models } from '../db/models/index.js';
import { log } from '../logger.js';
import { splitDailyRecords } from './analytics/split-daily.js';
import { monthOf } from './inbox.js';

/**
 * One-time passes over documents stored by earlier versions, to give them a field that an index
 * now finds them by. Each runs once (recorded in settings) and is safe to run again if cut short:
 * these are the only reads of whole collections the hub makes.
 */
const UPGRADES: { id: string; run(models: Models): Promise<number> }[] = [
  {
    // The lease keeper finds held tasks by `claimed`.
    id: 'tasks.claimedFlag',
    run: async (models) => (await models.tasks.updateMany({ claimedBy: { $type: 'string' }, claimed: { $ne: true } }, { $set: { claimed: true } })).modifiedCount,
  },
  {
    // The inbox's read history is listed a month at a time.
    id: 'parcels.month',
    async run(models) {
      let n = 0;
      for await (const p of models.parcels.find({ month: { $exists: false } }, { createdAt: 1 }).lean().cursor()) {
        await models.parcels.updateOne({ _id: p._id }, { $set: { month: monthOf(p.createdAt) } });
        n++;
      }
      return n;
    },
  },
  {
    // The hub's day documents keep counters only: their records move to detail and sprint documents.
    id: 'dailyStats.split',
    run: splitDailyRecords,
  },
];

export async function runUpgrades(models: Models): Promise<void> {
  for (const u of UPGRADES) {
    if ((await models.settings.findById(u.id).lean())?.value === 'done') continue;
    const changed = await u.run(models);
    await models.settings.updateOne({ _id: u.id }, { $set: { value: 'done' } }, { upsert: true });
    if (changed) log.info({ event: 'upgrade', upgrade: u.id, documents: changed }, `upgrade ${u.id}: ${changed} documents`);
  }
}
