import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { DEFAULT_RUNNER, Runner } from '../../client/runner/runner.js';
import { openDatabase, type Database } from '../../server/db/connect.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { NO_RATE_LIMITS } from '../../server/services/rate-limits.js';
import { testDatabaseUri } from '../support/database.js';
import { noSandboxLeft } from '../support/runners.js';
import { eventually } from '../support/wait.js';

const UID = 62900;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A hub restarted while a run streams: nothing stored is lost, the runner reconnects and goes on, no line is missing or doubled. */
describe('runs: a hub restart in the middle of a run', function () {
  this.timeout(60_000);
  let db: Database;
  let hub: RunningHub | null = null;
  let runner: Runner | null = null;
  let port: number;
  const workspaces = mkdtempSync(join(tmpdir(), 'sb-runs-rs-'));
  const adminToken = `sbt_test_${randomBytes(12).toString('hex')}`;

  const start = async () => {
    hub = await startHub({ db, port, host: '127.0.0.1', rateLimits: NO_RATE_LIMITS });
    await hub.services.tokens.ensureAdminToken(adminToken);
  };

  before(async () => {
    db = await openDatabase(testDatabaseUri(), `sbtest_${randomBytes(6).toString('hex')}`);
    port = await freePort();
    await start();
  });
  after(async () => {
    await runner?.close();
    await hub?.close();
    await db.conn.dropDatabase().catch(() => undefined);
    await db.close();
    await noSandboxLeft([UID, UID + 1]);
    rmSync(workspaces, { recursive: true, force: true });
  });

  it('keeps what was sent before, and takes the rest after, in order', async () => {
    const said: string[] = [];
    const url = `http://127.0.0.1:${port}`;
    const admin = await SwitchboardClient.connect(url, adminToken);
    await admin.command('/sprints-create S-RS --title="Restart"');
    await admin.command('/task-create T-RS --title="Restart" --sprint=S-RS');
    const token = (await admin.command('/token-create @runner-rs --kind=agent', 'agent:admin')).data.token;
    runner = new Runner({ ...DEFAULT_RUNNER, hub: url, token, slots: 1, sandboxUid: UID, heartbeatMs: 200, log: (l) => said.push(l), workspaces });
    await runner.start();
    const { run } = (await admin.command('/run "for i in $(seq 1 30); do echo line $i; sleep 0.1; done" --task=T-RS', 'task:T-RS')).data;
    admin.close();
    await eventually(async () => (await db.models.runChunks.countDocuments({ run: run.id })) >= 3, { what: 'some output is stored', ms: 10_000 });
    const before = await db.models.runChunks.countDocuments({ run: run.id });

    await hub!.close();
    await new Promise((r) => setTimeout(r, 500));
    await start();

    await eventually(async () => (await db.models.runs.findOne({ _id: run.id }).lean())?.status === 'succeeded', { what: 'the run ended after the restart', ms: 30_000 }).catch(async (err: Error) => {
      const doc = await db.models.runs.findOne({ _id: run.id }).lean();
      throw new Error(`${err.message}: ${doc?.status}, ${doc?.outputSeq} batches; the runner said: ${said.join(' | ')}`);
    });
    const chunks = await db.models.runChunks.find({ run: run.id }).sort({ run: 1, seq: 1 }).lean();
    expect(chunks.length).to.be.greaterThan(before);
    expect(chunks.map((c) => c.seq)).to.deep.equal(chunks.map((_, i) => i + 1));
    expect(chunks.map((c) => c.data).join('').trim().split('\n')).to.deep.equal(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
  });
});
