import type { RunStatus } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { RunDoc } from '../../db/models/run.js';
import { isDuplicateKey } from '../mongo-errors.js';

/**
 * Moves run `id` out of status `from`, once: the mover first stores the mark `<id>:<from>`; only the
 * one whose insert succeeds writes (a conditional update alone is not atomic on every database
 * this hub runs on). Returns the run after the move, or null when someone else moved it first or
 * it is not in `from`.
 */
export async function moveRun(models: Models, id: string, from: RunStatus, by: string, set: Partial<RunDoc>, now: Date): Promise<RunDoc | null> {
  const current = await models.runs.findOne({ _id: id }, { status: 1 }).lean();
  if (current?.status !== from) return null;
  try {
    await models.runMarks.create({ _id: `${id}:${from}`, by, at: now });
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  return await models.runs.findOneAndUpdate({ _id: id, status: from }, { $set: set }, { new: true, lean: true });
}

/** `moveRun` from whichever of `from` the run is in now. */
export async function moveRunFrom(models: Models, id: string, from: readonly RunStatus[], by: string, set: (status: RunStatus) => Partial<RunDoc>, now: Date): Promise<RunDoc | null> {
  const current = await models.runs.findOne({ _id: id }, { status: 1 }).lean();
  if (!current || !from.includes(current.status)) return null;
  return moveRun(models, id, current.status, by, set(current.status), now);
}
