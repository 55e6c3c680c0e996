import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create } from 'tar';
import { SwitchboardError } from '../client/sdk/index.js';
import { HttpRoutes } from '../protocol/index.js';
import type { DocImportOutcome } from '../protocol/index.js';

export interface UploadFlags {
  dryRun: boolean;
  createMissing: boolean;
  allFiles: boolean;
  archive: boolean;
}

/** What goes in the archive: not hidden files, nor what an earlier import archived. */
function packed(path: string): boolean {
  if (path === '.' || path === './') return true;
  const first = path.replace(/^\.\//, '').split('/')[0]!;
  return !first.startsWith('.') && first !== 'archived';
}

/**
 * Packs `folder` as a .tar.gz (without hidden files and its `archived/`) and posts it to the hub's
 * POST /api/docs-import, for a hub on another machine. With `archive`, the files the hub
 * imported are then moved under `archived/` here, as /docs-import --archive does on the hub.
 * Returns the text to print.
 */
export async function uploadDocs(hub: string, token: string, folder: string, flags: UploadFlags): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-upload-'));
  try {
    const file = join(work, 'docs.tar.gz');
    await create({ gzip: true, portable: true, cwd: folder, file, filter: packed }, ['.']);
    const query = new URLSearchParams({ ...(flags.dryRun ? { dryRun: '1' } : {}), ...(flags.createMissing ? { createMissing: '1' } : {}), ...(flags.allFiles ? { allFiles: '1' } : {}) });
    const res = await fetch(`${hub.replace(/\/+$/, '')}${HttpRoutes.docsImport}?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' },
      body: await readFile(file),
    });
    const body = (await res.json()) as { ok: true; outcomes: DocImportOutcome[]; made: string[] } | { ok: false; error: ConstructorParameters<typeof SwitchboardError>[0] };
    if (!body.ok) throw new SwitchboardError(body.error);
    if (flags.archive && !flags.dryRun) {
      for (const o of body.outcomes) {
        const target = join(folder, 'archived', ...o.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await rename(join(folder, ...o.path.split('/')), target);
      }
    }
    const changed = body.outcomes.filter((o) => o.action !== 'unchanged').length;
    const made = body.made.length ? `; ${flags.dryRun ? 'would make' : 'made'} ${body.made.join(', ')}` : '';
    const head = `${flags.dryRun ? 'Dry run of' : 'Uploaded'} ${folder}: ${changed} of ${body.outcomes.length} files ${flags.dryRun ? 'would change' : 'changed'}${made}`;
    const where = (o: DocImportOutcome) => (o.owner.kind === 'project' ? 'project' : `${o.owner.kind} ${o.owner.code}`);
    return [head, ...body.outcomes.map((o) => `  ${o.path}  ${where(o)}  ${o.name}  ${o.action.replace(/_/g, ' ')}`)].join('\n');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
