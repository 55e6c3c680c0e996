import { z } from 'zod';
import { HttpRoutes } from './http.js';
import { CODE_PATTERN } from './rooms.js';

/**
 * Artifacts: named, versioned links to content-addressed blobs. The same bytes are stored once
 * (key: their SHA-256) however many artifacts point at them.
 *
 * URIs:
 *   sb://artifacts/by-task/<TASK>/<name>[?v=N]
 *   sb://artifacts/by-sprint/<SPRINT>/<name>[?v=N]
 *   sb://artifacts/project/<name>[?v=N]
 *   sb://cas/<sha256>
 * Names may hold `/`; each segment is percent-encoded in a URI. Without `?v=` a URI means the
 * latest version. Over HTTP the same paths live under `/api/artifacts/`.
 */

export const OWNER_KINDS = ['task', 'sprint', 'project'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export type ArtifactOwner = { kind: 'task' | 'sprint'; code: string } | { kind: 'project'; code: null };

export const SHA256_PATTERN = /^[a-f0-9]{64}$/;
export const ARTIFACT_NAME_MAX = 255;
/** How much of a text artifact a preview shows. */
export const PREVIEW_BYTES = 64 * 1024;

export const ArtifactSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.object({ kind: z.enum(OWNER_KINDS), code: z.string().nullable() }),
  version: z.number().int().positive(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  /** Documentation (imported docs, the quick reference) rather than an attachment. */
  doc: z.boolean(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  /** Latest-version URI, this version's URI, and the blob's URI. */
  uri: z.string(),
  versionUri: z.string(),
  casUri: z.string(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

/** What recording an artifact answers: /artifact-upload's data, and the body of POST /api/artifacts besides `ok`. */
export const ArtifactRecordedSchema = z.object({ artifact: ArtifactSchema, created: z.boolean() });
export type ArtifactRecorded = z.infer<typeof ArtifactRecordedSchema>;

export interface ArtifactNewEvent {
  artifact: Artifact;
  by: { id: string; name: string; kind: string };
}

/** Why a name is refused, or null when it is fine. */
export function artifactNameProblem(name: string): string | null {
  if (!name || name.length > ARTIFACT_NAME_MAX) return `a name is 1 to ${ARTIFACT_NAME_MAX} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a name has no control characters';
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'a name has no empty, "." or ".." segments and does not start or end with /';
  return null;
}

const encodeName = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/** The path after `sb://artifacts/` (and after `/api/artifacts/`). */
export function artifactPath(owner: ArtifactOwner, name: string): string {
  const prefix = owner.kind === 'project' ? 'project' : `by-${owner.kind}/${owner.code}`;
  return `${prefix}/${encodeName(name)}`;
}

/** Where the hub serves an artifact's bytes over HTTP (the latest version; `?v=N` asks for another). */
export const artifactHttpPath = (ref: ParsedArtifactRef): string => `${HttpRoutes.artifacts}/${ref.type === 'cas' ? ref.sha256 : artifactPath(ref.owner, ref.name)}`;

export function artifactUri(owner: ArtifactOwner, name: string, version?: number): string {
  return `sb://artifacts/${artifactPath(owner, name)}${version ? `?v=${version}` : ''}`;
}

export const casUri = (sha256: string) => `sb://cas/${sha256}`;

/** The plan's scheme for the same URIs: `fe://artifacts/...` is read as `sb://artifacts/...`. */
export const PLAN_SCHEME = 'fe://';

/** An `fe://` URI as its `sb://` twin; anything else as it is. */
export const toSbUri = (ref: string) => (ref.startsWith(PLAN_SCHEME) ? `sb://${ref.slice(PLAN_SCHEME.length)}` : ref);

/** A text with every `fe://artifacts/` and `fe://cas/` reference written as `sb://`. */
export const rewritePlanUris = (text: string) => text.replace(/\bfe:\/\/(artifacts|cas)\//g, 'sb://$1/');

export type ParsedArtifactRef =
  | { type: 'cas'; sha256: string }
  | { type: 'artifact'; owner: ArtifactOwner; name: string; version: number | null };

/**
 * Parses an artifact reference: an `sb://` (or `fe://`) URI, or the same path as served over HTTP
 * (`/api/artifacts/...`, with `?v=N`). Returns null when it is neither.
 */
export function parseArtifactRef(typed: string): ParsedArtifactRef | null {
  const ref = toSbUri(typed);
  let rest: string;
  if (ref.startsWith('sb://cas/')) rest = `cas/${ref.slice('sb://cas/'.length)}`;
  else if (ref.startsWith('sb://artifacts/')) rest = ref.slice('sb://artifacts/'.length);
  else if (ref.startsWith(`${HttpRoutes.artifacts}/`)) rest = ref.slice(`${HttpRoutes.artifacts}/`.length);
  else return null;
  const q = rest.indexOf('?');
  const query = q >= 0 ? new URLSearchParams(rest.slice(q + 1)) : new URLSearchParams();
  const path = q >= 0 ? rest.slice(0, q) : rest;
  if (path.startsWith('cas/') || SHA256_PATTERN.test(path)) {
    const sha = path.startsWith('cas/') ? path.slice(4) : path;
    return SHA256_PATTERN.test(sha) ? { type: 'cas', sha256: sha } : null;
  }
  const v = query.get('v');
  const version = v === null ? null : Number(v);
  if (version !== null && (!Number.isInteger(version) || version < 1)) return null;
  let owner: ArtifactOwner;
  let encodedName: string;
  const m = /^by-(task|sprint)\/([^/]+)\/(.+)$/.exec(path);
  if (m) {
    if (!CODE_PATTERN.test(m[2]!)) return null;
    owner = { kind: m[1] as 'task' | 'sprint', code: m[2]!.toUpperCase() };
    encodedName = m[3]!;
  } else if (path.startsWith('project/')) {
    owner = { kind: 'project', code: null };
    encodedName = path.slice('project/'.length);
  } else return null;
  let name: string;
  try {
    name = encodedName.split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
  return artifactNameProblem(name) ? null : { type: 'artifact', owner, name, version };
}

/** What a docs import did (or, in a dry run, would do) with one file of the folder. */
export interface DocImportOutcome {
  /** Path inside the imported folder, with `/`. */
  path: string;
  owner: ArtifactOwner;
  name: string;
  /** Markdown is documentation (its `fe://` URIs are rewritten); other files are plain artifacts. */
  doc: boolean;
  action: 'created' | 'new_version' | 'unchanged' | 'would_create' | 'would_add_version';
  version: number | null;
  uri: string | null;
}
