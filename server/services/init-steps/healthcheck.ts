import { OPEN_TASK_STATUSES, artifactUri, type BrokenArtifact, type HealthcheckData } from '../../../protocol/index.js';
import type { BlobDoc } from '../../db/models/blob.js';
import type { BlobStore } from '../blob-store.js';
import { tasksOf, type InitDeps, type StepInput, type StepOutcome } from './step.js';

async function databaseUp(deps: InitDeps): Promise<boolean> {
  try {
    await deps.conn.db!.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a blob's bytes can still be read: its first and last byte, through the store's own
 * reader. A missing GridFS file, or a missing first or last chunk, shows here without reading
 * whole files.
 */
async function unreadable(blobs: BlobStore, blob: BlobDoc): Promise<string | null> {
  const ranges = blob.size ? [{ start: 0, end: 0 }, { start: blob.size - 1, end: blob.size - 1 }] : [undefined];
  try {
    for (const range of ranges) {
      for await (const _chunk of blobs.open(blob, range)) {
        // Reading is the check; the bytes themselves are not needed.
      }
    }
    return null;
  } catch (err) {
    return `its bytes cannot be read from the store (${(err as Error).message})`;
  }
}

/** Step 3: the database answers, the agent's task artifacts still have their bytes, what waits for it. */
export async function healthcheck({ deps, agent }: StepInput): Promise<StepOutcome<HealthcheckData>> {
  if (!(await databaseUp(deps))) {
    return {
      status: 'failed',
      detail: 'The database does not answer a ping.',
      data: { database: 'down', artifacts: { checked: 0, broken: [] }, unreadParcels: 0, assignedTasks: [] },
    };
  }
  const tasks = (await tasksOf(deps.models, agent.name, OPEN_TASK_STATUSES)).sort((a, b) => a.code.localeCompare(b.code));
  const codes = tasks.map((t) => t.code);
  const artifacts = codes.length ? await deps.models.artifacts.find({ ownerKind: 'task', ownerCode: { $in: codes } }).sort({ ownerCode: 1, name: 1, version: 1 }).lean() : [];
  const problems = new Map<string, string | null>(); // by sha256: versions may share bytes
  const broken: BrokenArtifact[] = [];
  for (const a of artifacts) {
    if (!problems.has(a.sha256)) {
      const blob = await deps.blobs.stat(a.sha256);
      problems.set(a.sha256, blob ? await unreadable(deps.blobs, blob) : 'its blob record is missing');
    }
    const problem = problems.get(a.sha256);
    if (problem) broken.push({ uri: artifactUri({ kind: 'task', code: a.ownerCode }, a.name, a.version), task: a.ownerCode, sha256: a.sha256, problem });
  }
  const unreadParcels = await deps.models.parcels.countDocuments({ to: agent.name, status: { $in: ['queued', 'delivered'] } });
  const data: HealthcheckData = { database: 'up', artifacts: { checked: artifacts.length, broken }, unreadParcels, assignedTasks: codes };
  const waiting = `${unreadParcels} unread ${unreadParcels === 1 ? 'parcel' : 'parcels'}; ${codes.length} open ${codes.length === 1 ? 'task' : 'tasks'}`;
  if (broken.length) {
    return {
      status: 'failed',
      detail: `The artifact store lost ${broken.length === 1 ? 'an artifact' : `${broken.length} artifacts`} of your tasks: ${broken.map((b) => `${b.uri}: ${b.problem}`).join('; ')}. ${waiting}.`,
      data,
    };
  }
  return { status: 'ok', detail: `Database up; ${artifacts.length} task ${artifacts.length === 1 ? 'artifact' : 'artifacts'} intact; ${waiting}.`, data };
}
