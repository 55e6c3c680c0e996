// Where the embedded FerretDB binary lives: shared by the setup script (plain Node) and the
// hub, so both agree without the hub depending on scripts/.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';

export function ferretdbBinaryPath() {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'switchboard', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}
