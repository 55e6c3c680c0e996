import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, list } from 'tar';
import { HubError } from '../errors.js';

/** Entries one archive may hold: a docs folder, not a disk image. */
export const MAX_ARCHIVE_ENTRIES = 5000;

/** The kinds of entry an imported folder is made of; links and devices are refused. */
const KINDS = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/** Why an entry's path may not be unpacked, or null: only plain relative paths inside the folder. */
export function entryPathProblem(path: string): string | null {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return 'is not a relative path';
  if (path.split('/').some((part) => part === '..')) return 'climbs out of the folder';
  if (path.includes('\0')) return 'holds a NUL byte';
  return null;
}

/** Saves a request body to `file`, refusing it as soon as it passes `maxBytes`. */
async function save(body: Readable, file: string, maxBytes: number): Promise<void> {
  let seen = 0;
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) body.destroy(new HubError('too_large', `The archive is over ${maxBytes} bytes; import a smaller folder, or several.`));
  });
  await pipeline(body, createWriteStream(file));
}

/**
 * Unpacks an uploaded `.tar.gz` of a docs folder into a new temporary folder, after reading its
 * whole listing: every entry must be a file or folder with a relative path inside it, and the
 * unpacked size stays under `maxBytes` too. Anything else refuses the archive before a byte is
 * written. The caller removes the folder with `dispose`.
 */
export async function unpackDocsArchive(body: Readable, maxBytes: number): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'switchboard-import-'));
  const dispose = () => rm(work, { recursive: true, force: true });
  try {
    const file = join(work, 'upload.tar.gz');
    await save(body, file, maxBytes);
    const problems: string[] = [];
    let entries = 0;
    let unpacked = 0;
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        entries++;
        unpacked += entry.size ?? 0;
        const problem = KINDS.has(entry.type) ? entryPathProblem(entry.path) : `is a ${entry.type}, not a file or folder`;
        if (problem && problems.length < 5) problems.push(`${entry.path.slice(0, 200)} ${problem}`);
      },
    }).catch((err: Error) => {
      throw new HubError('invalid_args', `The upload is not a readable .tar.gz: ${err.message}`);
    });
    if (problems.length) throw new HubError('invalid_args', `Nothing imported: ${problems.join('; ')}.`);
    if (entries > MAX_ARCHIVE_ENTRIES) throw new HubError('too_large', `The archive holds ${entries} entries; at most ${MAX_ARCHIVE_ENTRIES}.`);
    if (unpacked > maxBytes) throw new HubError('too_large', `The archive unpacks to ${unpacked} bytes; at most ${maxBytes}.`);
    const dir = join(work, 'folder');
    await mkdir(dir);
    await extract({ file, cwd: dir, strict: true, preservePaths: false, filter: (path, entry) => KINDS.has((entry as { type: string }).type) && !entryPathProblem(path) });
    return { dir, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
