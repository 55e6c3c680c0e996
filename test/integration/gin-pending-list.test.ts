import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/connect.js';
import { startEmbeddedDatabase } from '../../server/db/embedded/index.js';

/** The GIN indexes of one FerretDB database (a PostgreSQL schema), with their storage settings. */
async function ginIndexes(postgresUrl: string, schema: string): Promise<{ name: string; options: string[] }[]> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; options: string[] | null }>(
      `SELECT c.relname AS name, c.reloptions AS options FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
        WHERE am.amname = 'gin' AND n.nspname = $1 ORDER BY c.relname`,
      [schema],
    );
    return rows.map((r) => ({ name: r.name, options: r.options ?? [] }));
  } finally {
    await client.end();
  }
}

async function exec(postgresUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * The embedded database's GIN indexes (one per table, serving every equality filter) take new
 * entries into a short pending list and merge them in bulk, which nearly doubles the documents
 * PostgreSQL inserts per second. Tables an earlier build made with entries taken one by one get
 * the same setting when the database starts.
 */
describe('GIN indexes with a short pending list (embedded PostgreSQL)', function () {
  this.timeout(120000);
  let dir: string;

  before(function () {
    if (process.env.MONGODB_URI) {
      console.log('    (skipped: MONGODB_URI is set, and the check reads the embedded PostgreSQL)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'switchboard-gin-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('makes every collection’s GIN index with a 256 kB pending list, and gives one to indexes of an earlier build on start', async () => {
    let embedded = await startEmbeddedDatabase(dir);
    const db = await openDatabase(embedded.uri, 'gin_check');
    await db.models.messages.collection.insertOne({ room: 'lobby', text: 'one' } as never);
    await db.conn.close();
    const made = await ginIndexes(embedded.postgresUrl!, 'gin_check');
    expect(made.length, 'a GIN index per collection').to.be.greaterThan(10);
    for (const index of made) expect(index.options, index.name).to.include.members(['fastupdate=on', 'gin_pending_list_limit=256']);

    // As an earlier build made them: every entry written into the index at once.
    for (const index of made) await exec(embedded.postgresUrl!, `ALTER INDEX gin_check."${index.name}" SET (fastupdate = off)`);
    await embedded.stop();
    embedded = await startEmbeddedDatabase(dir);
    try {
      for (const index of await ginIndexes(embedded.postgresUrl!, 'gin_check')) {
        expect(index.options, index.name).to.include.members(['fastupdate=on', 'gin_pending_list_limit=256']);
      }
    } finally {
      await embedded.stop();
    }
  });
});
