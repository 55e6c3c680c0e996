// Where the embedded FerretDB binary lives: shared by the setup script (plain Node) and the
// hub, so both agree without the hub depending on scripts/.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';
/**
 * What the hub builds: FerretDB v1.24.2 with small patches (scripts/ensure.mjs) that let SQLite
 * and PostgreSQL use their indexes. It reports this version in `buildInfo`, so the hub knows
 * `_id` lookups are indexed; a new patch gets a new number, hence a new binary.
 */
export const FERRETDB_BUILD = `${FERRETDB_VERSION}-switchboard.3`;

export function ferretdbBinaryPath() {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'switchboard', `ferretdb-${FERRETDB_BUILD}`, 'ferretdb');
}
