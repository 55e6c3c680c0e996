import type { Models } from '../db/models/index.js';

const SETTING = 'tasks.claimedFlag';

/**
 * Tasks claimed under an older version have `claimedBy` but not the `claimed` flag the lease
 * keeper finds them by: flag them once (the only pass over all tasks, recorded as done).
 */
export async function upgradeClaimedFlag(models: Models): Promise<number> {
  if ((await models.settings.findById(SETTING).lean())?.value === 'done') return 0;
  const res = await models.tasks.updateMany({ claimedBy: { $type: 'string' }, claimed: { $ne: true } }, { $set: { claimed: true } });
  await models.settings.updateOne({ _id: SETTING }, { $set: { value: 'done' } }, { upsert: true });
  return res.modifiedCount;
}
