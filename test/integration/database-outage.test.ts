import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatSendAck, HealthResponse } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { killSpawned, portOpen, startMain, type Hub } from '../support/hub-process.js';
import { eventually } from '../support/wait.js';

/** A request's deadline on the database in this test (the default is 10 s). */
const DEADLINE_MS = 1500;

/** The pid of the embedded FerretDB listening on `port`, found by its command line. */
function ferretdbPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (argv[0]?.endsWith('/ferretdb') && argv.includes(`--listen-addr=127.0.0.1:${port}`)) return Number(entry);
  }
  throw new Error(`no FerretDB listens on ${port}`);
}

/** The postmaster's pid, from the first line of its lock file in the cluster. */
const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

async function health(url: string): Promise<{ status: number; body: HealthResponse }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthResponse };
}

/** Runs a note with a client id and returns the ack and how long it took. */
async function timedNote(client: SwitchboardClient, clientId: string): Promise<{ ack: ChatSendAck; ms: number }> {
  const started = performance.now();
  const ack = await client.send('task:T-OUT', `/task-note T-OUT "${clientId}"`, clientId);
  return { ack, ms: performance.now() - started };
}

/**
 * The hub's own database processes dying or stalling: it restarts them with backoff and says
 * so on /healthz, answers every request within its deadline (`unavailable`, never silence or
 * `internal`), and stops within seconds on SIGTERM whatever the database does.
 */
describe('the embedded database dying or stalling under a running hub', function () {
  this.timeout(90000);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-outage-'));
  let hub: Hub;
  let token: string;
  let client: SwitchboardClient;
  const stalled: number[] = [];

  before(async () => {
    hub = await startMain(dir, { DB_DEADLINE_MS: String(DEADLINE_MS) });
    token = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
    client = await SwitchboardClient.connect(hub.url, token, { socket: { reconnection: false } });
    await client.command('/sprints-create S-OUT --title="Outages"', 'lobby');
    await client.command('/task-create T-OUT --title="Survives its database" --sprint=S-OUT', 'lobby');
  });

  after(async () => {
    client?.close();
    for (const pid of stalled) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone already */
      }
    }
    await killSpawned();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const which of ['PostgreSQL', 'FerretDB'] as const) {
    it(`restarts the embedded ${which} after kill -9, says so on /healthz meanwhile, and loses nothing`, async () => {
      const before = await timedNote(client, `before-${which}`);
      expect(before.ack.ok).to.equal(true);
      process.kill(which === 'PostgreSQL' ? postmasterPid(dir) : ferretdbPid(hub.dbPort), 'SIGKILL');

      // Its connections may notice first (a failed ping); then the hub says it is restarting it.
      await eventually(async () => {
        const h = await health(hub.url);
        return h.status === 503 && (h.body.reason ?? '').includes(`The embedded ${which} stopped unexpectedly and is being restarted`);
      }, { what: `/healthz says the ${which} is being restarted`, ms: 10000 });
      // Whatever a request meets while it is down, it is answered, and never with `internal`.
      const during = await timedNote(client, `during-${which}`);
      if (!during.ack.ok) expect(during.ack.error.code).to.equal('unavailable');

      await eventually(async () => (await health(hub.url)).status === 200, { what: '/healthz is 200 again', ms: 30000 });
      // An `internal` answer is explained by the hub's log: the failing test shows it.
      const why = () => hub.err().split('\n').filter((l) => l.includes('internal_error')).join('\n');
      const resent = await timedNote(client, `during-${which}`);
      expect(resent.ack.ok, `${JSON.stringify(resent.ack)}\n${why()}`).to.equal(true);
      const after = await timedNote(client, `after-${which}`);
      expect(after.ack.ok, `${JSON.stringify(after.ack)}\n${why()}`).to.equal(true);
      const context = (await client.command('/task-detail T-OUT', 'lobby')).data.task.context;
      for (const note of [`before-${which}`, `during-${which}`, `after-${which}`]) expect(context.split(note).length - 1, note).to.equal(1);
      expect(hub.err()).to.contain('embedded_db_exited').and.to.contain('embedded_db_restarted');
    });
  }

  it('answers within its deadline while FerretDB is stalled (SIGSTOP), and stops within seconds on SIGTERM', async () => {
    const pid = ferretdbPid(hub.dbPort);
    process.kill(pid, 'SIGSTOP');
    stalled.push(pid);

    const stalledNote = await timedNote(client, 'while-stalled');
    expect(stalledNote.ack.ok).to.equal(false);
    if (!stalledNote.ack.ok) {
      expect(stalledNote.ack.error.code).to.equal('unavailable');
      expect(stalledNote.ack.error.retryAfterMs).to.be.a('number');
    }
    expect(stalledNote.ms, 'answered at its deadline, not when the database wakes').to.be.lessThan(DEADLINE_MS + 3000);

    const h = await health(hub.url);
    expect(h.status).to.equal(503);
    expect(h.body.reason).to.match(/did not answer within/);

    const res = await fetch(`${hub.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line: '/tasks', room: 'lobby' }),
    });
    expect(res.status).to.equal(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('unavailable');

    const started = performance.now();
    hub.child.kill('SIGTERM');
    const exit = await hub.exited;
    const ms = performance.now() - started;
    expect(exit.code).to.equal(0);
    expect(ms, 'SIGTERM is obeyed within seconds').to.be.lessThan(8000);
    await eventually(async () => !(await portOpen(hub.dbPort)), { what: 'the stalled FerretDB is gone', ms: 5000 });
    await eventually(async () => !(await portOpen(hub.pgPort)), { what: 'PostgreSQL is gone', ms: 5000 });
  });
});
