import { createWriteStream } from 'node:fs';
import { chown } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { RunInputLink } from '../../protocol/index.js';

/**
 * Copies a run's inputs into its workspace by their file names, from links the hub signed for the
 * run (no token needed). A name that could leave the workspace is refused.
 */
export async function fetchInputs(inputs: RunInputLink[], workspace: string, owner?: { uid: number; gid: number }): Promise<void> {
  for (const input of inputs) {
    if (!input.file || input.file === '.' || input.file === '..' || /[/\\\0]/.test(input.file)) throw new Error(`${input.uri}: "${input.file}" is not a file name`);
    const res = await fetch(input.url);
    if (!res.ok || !res.body) throw new Error(`${input.uri}: HTTP ${res.status}`);
    const path = join(workspace, input.file);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(path, { flags: 'wx', mode: 0o644 }));
    if (owner) await chown(path, owner.uid, owner.gid);
  }
}
