import { HttpRoutes, resultOfLine, type Artifact, type ArtifactListView, type ArtifactOwner, type LineOf } from '../../../../protocol/index.js';
import { artifactApiPath } from '../logic/artifact-refs.js';
import { quoteArg } from '../logic/format.js';
import { getJson, getText, postWithProgress } from './http.js';
import type { HubSession } from './session.js';

/** Artifacts in the browser: list over HTTP, upload with progress, preview, and download by signed link. */

const ownerQuery = (owner: ArtifactOwner) => (owner.kind === 'project' ? 'project=1' : `${owner.kind}=${encodeURIComponent(owner.code)}`);

export async function listArtifacts(session: HubSession, owner: ArtifactOwner, allVersions = false): Promise<Artifact[]> {
  const view = await getJson<ArtifactListView>(session.token, `${HttpRoutes.orchestration}/artifacts?${ownerQuery(owner)}${allVersions ? '&all=1' : ''}`);
  return view.artifacts;
}

/** POST /api/artifacts: the hub stores it and links it with /artifact-upload in the owner's room (which sends artifact:new). */
export function uploadArtifact(session: HubSession, owner: ArtifactOwner, file: File, onProgress: (fraction: number) => void) {
  const form = new FormData();
  if (owner.kind === 'project') form.append('project', '1');
  else form.append(owner.kind, owner.code);
  form.append('file', file, file.name);
  return postWithProgress<{ created: boolean; artifact: Artifact }>(session.token, HttpRoutes.artifacts, form, onProgress);
}

/** The first 64 KiB of a text artifact. */
export function previewArtifact(session: HubSession, uri: string): Promise<{ text: string; truncated: boolean }> {
  const path = artifactApiPath(uri, true);
  if (!path) return Promise.reject(new Error(`${uri} is not an artifact address.`));
  return getText(session.token, path);
}

/**
 * A download through `/artifact-download`, run in my own inbox (a link opens the file for anyone
 * holding it, so it is not shown in shared rooms): the browser then fetches the signed link.
 */
export async function downloadArtifact(session: HubSession, uri: string): Promise<void> {
  const line: LineOf<'artifact-download'> = `/artifact-download ${quoteArg(uri)}`;
  const ack = await session.send(session.inbox, line);
  if (!ack.ok) throw new Error(ack.error.message);
  const data = ack.result ? resultOfLine(line, ack.result).data : undefined;
  if (!data?.url) throw new Error('The hub gave no download link.');
  const link = document.createElement('a');
  link.href = data.url;
  link.download = data.fileName ?? '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
