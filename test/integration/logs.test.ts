import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatSendAck } from '../../protocol/index.js';
import { testDatabaseUri } from '../support/database.js';
import { eventually } from '../support/wait.js';

const MAIN = fileURLToPath(new URL('../../server/main.js', import.meta.url));

interface LogLine {
  level: number;
  time: string;
  event?: string;
  requestId?: string;
  messageId?: string;
  [key: string]: unknown;
}

/** The hub as `npm start` runs it (on the test database), its stderr read as the log a collector would ship. */
describe('structured logs', () => {
  const adminToken = `sbt_logtest_${randomBytes(12).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-logs-'));
  let child: ChildProcess;
  let exited: Promise<unknown>;
  let out = '';
  let err = '';
  let url = '';

  before(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, MONGODB_URI: testDatabaseUri(), DB_NAME: `sblogs_${randomBytes(4).toString('hex')}`, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'info' };
    for (const k of ['REDIS_URL', 'PUBLIC_URL', 'HOST', 'METRICS_TOKEN', 'METRICS_PORT']) delete env[k];
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    exited = new Promise((resolve) => child.once('exit', resolve));
    await eventually(async () => out.includes('  connect: '), { what: 'the hub prints its banner', ms: 30000 });
    url = /Switchboard is up on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  });
  after(async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lines = (): LogLine[] =>
    err
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);

  it('writes one JSON line per event, tying an HTTP request and its command to the stored message, without their text or tokens', async () => {
    const res = await fetch(`${url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-request-id': 'log-test-1' },
      body: JSON.stringify({ line: '/sprints-create S-LOG --title="Quarterly private plans"', room: 'lobby' }),
    });
    expect(res.headers.get('x-request-id')).to.equal('log-test-1');
    const ack = (await res.json()) as ChatSendAck;
    if (!ack.ok) throw new Error(ack.error.message);
    await eventually(async () => lines().some((l) => l.event === 'http' && l.requestId === 'log-test-1'), { what: 'the request is logged' });

    const all = lines();
    for (const l of all) {
      expect(l.level).to.be.a('number');
      expect(new Date(l.time).toISOString()).to.equal(l.time);
    }
    const command = all.find((l) => l.event === 'command' && l.messageId === ack.message.id)!;
    expect(command).to.deep.include({ command: 'sprints-create', outcome: 'ok', principal: 'admin', kind: 'person', room: 'lobby', requestId: 'log-test-1', level: 30 });
    const http = all.find((l) => l.event === 'http' && l.requestId === 'log-test-1')!;
    expect(http).to.deep.include({ method: 'POST', path: '/api/commands', status: 200, principal: 'admin' });
    expect(err).not.to.contain('Quarterly private plans');
    expect(err).not.to.contain(adminToken);
  });

  it('names a refused command by its code, with the id the caller sent', async () => {
    const res = await fetch(`${url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-request-id': 'log-test-2' },
      body: JSON.stringify({ line: '/task-done T-NOWHERE "secret summary"', clientId: 'client-log-2' }),
    });
    expect(res.status).to.equal(404);
    await eventually(async () => lines().some((l) => l.event === 'command' && l.requestId === 'log-test-2'), { what: 'the refusal is logged' });
    const refused = lines().find((l) => l.event === 'command' && l.requestId === 'log-test-2')!;
    expect(refused).to.deep.include({ command: 'task-done', outcome: 'not_found', clientId: 'client-log-2' });
    expect(refused.messageId).to.equal(undefined);
    expect(err).not.to.contain('secret summary');
  });
});
