import type { RunStatus } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { RunDoc } from '../../db/models/run.js';
import { isDuplicateKey } from '../mongo-errors.js';
import { WriteQueue } from '../write-queue.js';

/**
 * Every write of a run. They go one at a time per run on this hub: FerretDB v1 applies an update
 * by reading the document and writing it back whole, so two updates of one run at once can undo
 * each other (a heartbeat's lease renewal put back a status just moved on, and the run stuck).
 */
export class RunMoves {
  private readonly queue = new WriteQueue();

  constructor(private readonly models: Models) {}

  /** Any other write of run `id`, in its turn. */
  write<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(id, work);
  }

  /**
   * Moves run `id` out of status `from`, once: the mover first stores the mark `<id>:<from>`; only
   * the one whose insert succeeds writes (a conditional update alone is not atomic on every
   * database this hub runs on). Returns the run after the move, or null when someone else moved
   * it first or it is not in `from`.
   */
  move(id: string, from: RunStatus, by: string, set: Partial<RunDoc>, now: Date): Promise<RunDoc | null> {
    return this.moveFrom(id, [from], by, () => set, now);
  }

  /** `move` from whichever of `from` the run is in now. */
  moveFrom(id: string, from: readonly RunStatus[], by: string, set: (status: RunStatus) => Partial<RunDoc>, now: Date): Promise<RunDoc | null> {
    return this.queue.run(id, async () => {
      const current = await this.models.runs.findOne({ _id: id }, { status: 1 }).lean();
      if (!current || !from.includes(current.status)) return null;
      return this.moveNow(id, current.status, by, set(current.status), now);
    });
  }

  /** The move itself, for a run just read in status `from`. */
  private async moveNow(id: string, from: RunStatus, by: string, set: Partial<RunDoc>, now: Date): Promise<RunDoc | null> {
    try {
      await this.models.runMarks.create({ _id: `${id}:${from}`, by, at: now });
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    return await this.models.runs.findOneAndUpdate({ _id: id, status: from }, { $set: set }, { new: true, lean: true });
  }
}
