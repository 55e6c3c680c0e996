import type { Connection } from 'mongoose';
import type { TaskStatus } from '../../../protocol/index.js';
import type { AgentSessionDoc } from '../../db/models/agent-session.js';
import type { TaskDoc } from '../../db/models/task.js';
import type { Models } from '../../db/models/index.js';
import type { ActivityService } from '../activity.js';
import type { BlobStore } from '../blob-store.js';
import type { MemoryService } from '../memory.js';
import type { SessionService } from '../sessions.js';

/** The agent being initialised: its principal id (for sessions) and name (for everything else). */
export interface InitAgent {
  id: string;
  name: string;
}

/** What the INIT steps read; built once by the service. */
export interface InitDeps {
  models: Models;
  conn: Connection;
  sessions: SessionService;
  memory: MemoryService;
  blobs: BlobStore;
  activity: ActivityService;
}

export interface StepInput {
  deps: InitDeps;
  agent: InitAgent;
  session: AgentSessionDoc;
}

/** How one step ended: `detail` is the sentence the agent reads, `data` what a bot acts on. */
export interface StepOutcome<D = unknown> {
  status: 'ok' | 'failed';
  detail: string;
  data: D;
}

/**
 * Tasks an agent works on (given to it, or claimed by it) in some statuses: two equality queries
 * an index serves each (FerretDB reads every open task for an `$or`), merged by code.
 */
export async function tasksOf(models: Models, name: string, statuses: readonly TaskStatus[]): Promise<TaskDoc[]> {
  const [given, held] = await Promise.all([
    models.tasks.find({ assignee: name, status: { $in: statuses } }).lean<TaskDoc[]>(),
    models.tasks.find({ claimedBy: name, status: { $in: statuses } }).lean<TaskDoc[]>(),
  ]);
  const byCode = new Map([...given, ...held].map((t) => [t.code, t]));
  return [...byCode.values()];
}
