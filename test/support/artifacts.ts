import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact, WireError } from '../../protocol/index.js';
import type { TestHub } from './hub.js';

/** Helpers for artifact tests: real HTTP requests, real files, counts read from the real database. */

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export interface UploadAnswer {
  status: number;
  ok: boolean;
  created?: boolean;
  artifact?: Artifact;
  error?: WireError;
}

/**
 * POST /api/artifacts as a browser or script would: multipart with a `file` part and the link
 * fields. `content` is bytes, or a path on disk streamed from the file (never read whole).
 */
export async function uploadArtifact(
  t: TestHub,
  fields: Record<string, string>,
  content: Buffer | string | { path: string },
  filename: string,
  token = t.adminToken,
): Promise<UploadAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const blob = typeof content === 'object' && 'path' in content ? await openAsBlob(content.path) : new Blob([content]);
  form.append('file', blob, filename);
  const res = await fetch(`${t.url}/api/artifacts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as Omit<UploadAnswer, 'status'>;
  return { status: res.status, ...body };
}

/** GET with the admin's token (or none) and optional headers; the body as bytes. */
export async function download(t: TestHub, path: string, headers: Record<string, string> = {}, token: string | null = t.adminToken) {
  const res = await fetch(path.startsWith('http') ? path : `${t.url}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** How many documents the store holds: GridFS files and chunks, blob records, artifact versions. */
export async function storeCounts(t: TestHub): Promise<{ files: number; chunks: number; blobs: number; artifacts: number }> {
  const db = t.db.conn.db!;
  const [files, chunks, blobs, artifacts] = await Promise.all(
    ['cas.files', 'cas.chunks', 'blobs', 'artifacts'].map((c) => db.collection(c).countDocuments()),
  );
  return { files: files!, chunks: chunks!, blobs: blobs!, artifacts: artifacts! };
}

/** A temp folder, made on first use and removed by `cleanup`, and random files of any size written into it. */
export function tempFiles() {
  let dir: string | null = null;
  const folder = () => (dir ??= mkdtempSync(join(tmpdir(), 'switchboard-artifacts-')));
  return {
    get dir() {
      return folder();
    },
    random(name: string, size: number): { path: string; bytes: Buffer } {
      const bytes = randomBytes(size);
      const path = join(folder(), name);
      writeFileSync(path, bytes);
      return { path, bytes };
    },
    cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}
