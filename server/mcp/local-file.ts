import { basename, resolve } from 'node:path';
import { HubError } from '../errors.js';
import type { HubPort } from './hub-port.js';

/**
 * artifact_upload with `file`, as the CLI does it: the bytes go up first from the machine the MCP
 * server runs on, then the command names them by hash (and by the file's name unless given).
 * Where the port cannot read the caller's files (the hub's /mcp), `file` reaches the command,
 * which says how to upload instead.
 */
export async function uploadLocalFile(port: HubPort, command: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (command !== 'artifact-upload' || typeof args.file !== 'string' || !port.uploadFile) return args;
  const { file, ...rest } = args;
  try {
    const { sha256 } = await port.uploadFile(resolve(file));
    return { ...rest, sha256, name: rest.name ?? basename(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      throw new HubError('invalid_args', `There is no readable file at ${file} on the machine running switchboard mcp (${code}).`);
    }
    throw err;
  }
}
