import {
  LOBBY,
  artifactNameProblem,
  sprintRoom,
  taskRoom,
  type Artifact,
  type ArtifactOwner,
  type ParsedArtifactRef,
  type RoomName,
} from '../../protocol/index.js';
import type { ArtifactDoc } from '../db/models/artifact.js';
import type { BlobDoc } from '../db/models/blob.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import { formatBytes, type BlobStore } from './blob-store.js';
import { isDuplicateKey } from './mongo-errors.js';
import { mediaTypeFor } from './media-types.js';
import type { SprintService } from './sprints.js';
import type { TaskService } from './tasks.js';
import { artifactToWire } from './wire.js';

export interface RecordInput {
  owner: ArtifactOwner;
  name: string;
  sha256: string;
  mediaType?: string | null;
  doc?: boolean;
}

export interface Resolved {
  /** Absent for `sb://cas/` references, which name bytes, not an artifact. */
  artifact: ArtifactDoc | null;
  blob: BlobDoc;
}

const ownerQuery = (owner: ArtifactOwner) => ({ ownerKind: owner.kind, ownerCode: owner.code ?? '' });

export const describeOwner = (owner: ArtifactOwner) => (owner.kind === 'project' ? 'the project' : `${owner.kind} ${owner.code}`);

/** Named, versioned artifacts of tasks, sprints and the project, over the blob store. */
export class ArtifactService {
  constructor(
    private readonly models: Models,
    readonly blobs: BlobStore,
    private readonly activity: ActivityService,
    private readonly tasks: TaskService,
    private readonly sprints: SprintService,
  ) {}

  /** The task or sprint named `code` (tasks are looked up first), or null when there is neither. */
  async ownerNamed(code: string): Promise<ArtifactOwner | null> {
    if (await this.models.tasks.exists({ code })) return { kind: 'task', code };
    if (await this.models.sprints.exists({ code })) return { kind: 'sprint', code };
    return null;
  }

  /** Checks the owner exists; returns the rooms that hear about its artifacts and its sprint. */
  async ownerRooms(owner: ArtifactOwner): Promise<{ rooms: RoomName[]; sprint: string | null; room: RoomName }> {
    if (owner.kind === 'task') {
      const task = await this.tasks.get(owner.code);
      return { rooms: [taskRoom(task.code), sprintRoom(task.sprint)], sprint: task.sprint, room: taskRoom(task.code) };
    }
    if (owner.kind === 'sprint') {
      const sprint = await this.sprints.get(owner.code);
      return { rooms: [sprintRoom(sprint.code)], sprint: sprint.code, room: sprintRoom(sprint.code) };
    }
    return { rooms: [LOBBY], sprint: null, room: LOBBY };
  }

  /**
   * Gives `sha256` the name `name` on `owner`: version 1, or the next version when the name
   * exists with other bytes. The same bytes as the latest version change nothing (created: false).
   */
  async record(by: Acting, input: RecordInput): Promise<{ artifact: Artifact; created: boolean }> {
    const problem = artifactNameProblem(input.name);
    if (problem) throw new HubError('invalid_args', `Invalid artifact name "${input.name}": ${problem}.`);
    const blob = await this.blobs.stat(input.sha256);
    if (!blob) throw new HubError('not_found', `No stored bytes have the hash ${input.sha256}; upload them first.`);
    const { rooms, sprint } = await this.ownerRooms(input.owner);
    await this.blobs.markLinked(blob._id);
    for (let attempt = 0; attempt < 10; attempt++) {
      const latest = await this.latest(input.owner, input.name);
      if (latest?.sha256 === input.sha256) return { artifact: artifactToWire(latest), created: false };
      try {
        const doc = (
          await this.models.artifacts.create({
            name: input.name,
            ...ownerQuery(input.owner),
            version: (latest?.version ?? 0) + 1,
            sha256: blob._id,
            size: blob.size,
            mediaType: mediaTypeFor(input.name, input.mediaType ?? latest?.mediaType),
            doc: input.doc ?? latest?.doc ?? false,
            uploadedBy: by.principal.name,
          })
        ).toObject();
        const artifact = artifactToWire(doc);
        await this.activity.record(
          by,
          'artifact.uploaded',
          `added ${artifact.name} v${artifact.version} (${formatBytes(artifact.size)}) to ${describeOwner(input.owner)}`,
          { task: input.owner.kind === 'task' ? input.owner.code : null, sprint },
        );
        by.emit(rooms, 'artifact:new', { artifact, by: by.principal });
        await this.activity.daily.artifactStored(artifact.size);
        return { artifact, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // someone else took this version number: look again
      }
    }
    throw new HubError('conflict', `${input.name} is being uploaded by many at once; try again.`);
  }

  async list(owner: ArtifactOwner, options: { allVersions?: boolean; docsOnly?: boolean } = {}): Promise<Artifact[]> {
    await this.ownerRooms(owner);
    const docs = await this.models.artifacts
      .find({ ...ownerQuery(owner), ...(options.docsOnly ? { doc: true } : {}) })
      .sort({ name: 1, version: -1 })
      .lean();
    return (options.allVersions ? docs : latestOnly(docs)).map(artifactToWire);
  }

  /** Documentation artifacts, latest versions; of one task or sprint, or everywhere. */
  async listDocs(owner: ArtifactOwner | null): Promise<Artifact[]> {
    if (owner) return this.list(owner, { docsOnly: true });
    const docs = await this.models.artifacts.find({ doc: true }).sort({ ownerKind: 1, ownerCode: 1, name: 1, version: -1 }).lean();
    return latestOnly(docs).map(artifactToWire);
  }

  async resolve(ref: ParsedArtifactRef): Promise<Resolved> {
    if (ref.type === 'cas') {
      const blob = await this.blobs.stat(ref.sha256);
      if (!blob) throw new HubError('not_found', `No stored bytes have the hash ${ref.sha256}.`);
      return { artifact: null, blob };
    }
    const artifact = ref.version
      ? await this.models.artifacts.findOne({ ...ownerQuery(ref.owner), name: ref.name, version: ref.version }).lean()
      : await this.latest(ref.owner, ref.name);
    if (!artifact) {
      throw new HubError('not_found', `${describeOwner(ref.owner)} has no artifact "${ref.name}"${ref.version ? ` version ${ref.version}` : ''}.`);
    }
    const blob = await this.blobs.stat(artifact.sha256);
    if (!blob) throw new HubError('internal', `The bytes of ${ref.name} are missing from the store.`);
    return { artifact, blob };
  }

  private latest(owner: ArtifactOwner, name: string): Promise<ArtifactDoc | null> {
    return this.models.artifacts.findOne({ ...ownerQuery(owner), name }).sort({ version: -1 }).lean<ArtifactDoc>().exec();
  }
}

/** From docs sorted by name then version descending: the first (latest) of each name. */
function latestOnly(docs: ArtifactDoc[]): ArtifactDoc[] {
  return docs.filter((d, i) => i === 0 || docs[i - 1]!.name !== d.name || docs[i - 1]!.ownerCode !== d.ownerCode || docs[i - 1]!.ownerKind !== d.ownerKind);
}
