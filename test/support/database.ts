import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded/index.js';

/**
 * One real embedded database (FerretDB on a private PostgreSQL, as `npm start` runs it) for the whole run, in a temp folder (or the MONGODB_URI server when set).
 * Each hub a test starts gets a database of its own on it, so tests do not see each other.
 */
let embedded: EmbeddedDatabase | null = null;
let dir: string | null = null;

export async function startTestDatabase(): Promise<void> {
  if (process.env.MONGODB_URI || embedded) return;
  dir = mkdtempSync(join(tmpdir(), 'switchboard-test-db-'));
  embedded = await startEmbeddedDatabase(dir);
}

export async function stopTestDatabase(): Promise<void> {
  await embedded?.stop();
  embedded = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

export function testDatabaseUri(): string {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  if (!embedded) throw new Error('the test database is not started (root hooks not loaded?)');
  return embedded.uri;
}

/** The PostgreSQL under the test database, for tests that look at what it did; null on MONGODB_URI. */
export function testPostgresUrl(): string | null {
  return embedded?.postgresUrl ?? null;
}
