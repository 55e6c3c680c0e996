import { artifactHttpPath, parseArtifactRef, type ArtifactOwner, type ParsedArtifactRef } from '../../../../protocol/index.js';

/** An `sb://` artifact or blob URI inside text; trailing sentence punctuation is not part of it. */
export const ARTIFACT_URI_PATTERN = /sb:\/\/(?:artifacts|cas)\/[^\s<>()"'`]*[^\s<>()"'`.,;:!?]/;

/** The first artifact URI at the start of `text`, or null. */
export function leadingArtifactUri(text: string): string | null {
  const m = new RegExp(`^${ARTIFACT_URI_PATTERN.source}`).exec(text);
  return m && parseArtifactRef(m[0]) ? m[0] : null;
}

/** Where the hub serves an artifact's bytes (`/api/artifacts/...`), or null if `uri` is not one. */
export function artifactApiPath(uri: string, preview = false): string | null {
  const ref = parseArtifactRef(uri);
  if (!ref) return null;
  const path = artifactHttpPath(ref);
  const version = ref.type === 'artifact' && ref.version ? `?v=${ref.version}` : '';
  return `${path}${preview ? '/preview' : ''}${version}`;
}

/** What a link to `uri` shows: the file name (with its version), or a short hash. */
export function artifactLabel(uri: string): string {
  const ref = parseArtifactRef(uri);
  if (!ref) return uri;
  if (ref.type === 'cas') return `blob ${ref.sha256.slice(0, 10)}`;
  return `${ref.name.split('/').pop()}${ref.version ? ` v${ref.version}` : ''}`;
}

/** The task, sprint or project an artifact URI belongs to. */
export function ownerOfUri(uri: string): ArtifactOwner | null {
  const ref: ParsedArtifactRef | null = parseArtifactRef(uri);
  return ref?.type === 'artifact' ? ref.owner : null;
}

/** Text and markdown can be previewed; the rest only downloaded. */
export const isPreviewable = (mediaType: string, name = ''): boolean =>
  mediaType.startsWith('text/') || /json|xml|yaml|javascript|markdown/.test(mediaType) || /\.(md|markdown|txt|log|csv|json|ya?ml)$/i.test(name);

export const isMarkdown = (mediaType: string, name = ''): boolean => mediaType.includes('markdown') || /\.(md|markdown)$/i.test(name);

/** The owner of an artifact as the wire sends it (`code` null for the project). */
export function ownerOfArtifact(a: { owner: { kind: string; code: string | null } }): ArtifactOwner {
  if (a.owner.kind === 'task' || a.owner.kind === 'sprint') return { kind: a.owner.kind, code: a.owner.code ?? '' };
  return { kind: 'project', code: null };
}
