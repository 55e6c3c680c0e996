import { PREVIEW_BYTES, type Artifact, type ArtifactOwner, type ArtifactRow, type CommandResult, type RecordedArtifact, type TableResult } from '../../protocol/index.js';
import { describeOwner } from '../services/artifacts.js';
import { formatBytes } from '../services/blob-store.js';
import { HubError } from '../errors.js';
import type { CommandContext } from './definition.js';
import { table, success } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

/** The answer to anything that records an artifact: created, or already there unchanged. */
export function recordedResult(artifact: Artifact, created: boolean, owner: ArtifactOwner): CommandResult<RecordedArtifact> {
  const what = `${artifact.name} v${artifact.version} (${formatBytes(artifact.size)}, ${artifact.mediaType})`;
  return success(
    'Toast',
    { artifact, created },
    created ? `📎 Added ${what} to ${describeOwner(owner)}: ${artifact.uri}` : `📎 ${what} on ${describeOwner(owner)} already has these bytes; nothing changed: ${artifact.uri}`,
  );
}

export function artifactTable(artifacts: Artifact[], title: string, empty: string): CommandResult<TableResult<ArtifactRow>> {
  const rows = artifacts.map((a): ArtifactRow => ({
    name: a.name,
    version: a.version,
    size: formatBytes(a.size),
    type: a.mediaType,
    who: `@${a.uploadedBy}`,
    when: utcMinuteCell(a.createdAt),
    uri: a.version > 1 ? a.versionUri : a.uri,
  }));
  return table(
    [['name', 'Name'], ['version', 'Version'], ['size', 'Size'], ['type', 'Type'], ['who', 'By'], ['when', 'When (UTC)'], ['uri', 'URI']],
    rows,
    title,
    empty,
  );
}

/** `project`, a task code or a sprint code (tasks are looked up first). */
export async function resolveTarget(ctx: CommandContext, target: string): Promise<ArtifactOwner> {
  if (target.toLowerCase() === 'project') return { kind: 'project', code: null };
  const code = target.toUpperCase();
  const owner = await ctx.services.artifacts.ownerNamed(code);
  if (owner) return owner;
  throw new HubError('not_found', `There is no task or sprint ${code}; give a task code, a sprint code or "project".`);
}

/** How much of a preview goes into a chat message; the HTTP preview gives the full 64 KiB. */
export const CHAT_PREVIEW_BYTES = Math.min(8 * 1024, PREVIEW_BYTES);
