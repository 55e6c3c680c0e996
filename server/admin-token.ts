import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from './services/tokens.js';

export interface AdminToken {
  token: string;
  /** `env`: ADMIN_TOKEN; `file`: read from DATA_DIR/admin.token; `new`: made now and written there. */
  source: 'env' | 'file' | 'new';
  file: string;
}

/** ADMIN_TOKEN if set, else the token file, else a new token written to the file (mode 0600). */
export function resolveAdminToken(adminToken: string | null, dataDir: string): AdminToken {
  const file = join(dataDir, 'admin.token');
  if (adminToken) return { token: adminToken, source: 'env', file };
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, source: 'new', file };
}
