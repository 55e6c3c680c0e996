import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { envFor, killSpawned, portOpen, spawnMain, startMain } from '../support/hub-process.js';
import { eventually } from '../support/wait.js';

/** `npm run db:migrate`'s program. */
const MIGRATE = fileURLToPath(new URL('../../scripts/db-migrate.js', import.meta.url));

describe('the hub process: restart, crash, unreachable database (node dist/server/main.js)', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    await killSpawned();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tasks, notes and room history across a SIGTERM restart (and stops on SIGINT), stops its database, and shows the admin token once', async () => {
    const dir = tempDir();
    const first = await startMain(dir);
    const banner = /admin token \(shown once, also saved in (.+)\): (\S+)/.exec(first.stdout);
    expect(banner, first.stdout).to.not.equal(null);
    const [, file, token] = banner!;
    expect(file).to.equal(join(dir, 'admin.token'));
    expect(readFileSync(file!, 'utf8').trim()).to.equal(token);
    expect(statSync(file!).mode & 0o777).to.equal(0o600);

    const admin = await SwitchboardClient.connect(first.url, token!);
    await admin.command('/sprints-create S-KEEP --title="Survives restarts"');
    await admin.command('/task-create T-KEEP --title="Remember me" --sprint=S-KEEP --priority=high');
    await admin.command('/task-status T-KEEP --status=in_progress', 'task:T-KEEP');
    await admin.command('/task-note T-KEEP "first note, with \\"quotes\\""', 'task:T-KEEP');
    await admin.command('/task-note T-KEEP "second note"', 'task:T-KEEP');
    for (const text of ['hello task room', 'and again']) await admin.send('task:T-KEEP', text);
    await admin.send('lobby', 'hello lobby');
    const task = (await admin.command('/task-detail T-KEEP')).data.task;
    const taskRoom = await admin.history({ room: 'task:T-KEEP' });
    const lobby = await admin.history({ room: 'lobby' });
    admin.close();

    first.child.kill('SIGTERM');
    expect(await first.exited).to.deep.equal({ code: 0, signal: null });
    await eventually(async () => !(await portOpen(first.dbPort)), { what: 'the embedded FerretDB port is closed', ms: 5000 });

    const second = await startMain(dir);
    expect(second.stdout).to.not.contain(token);
    expect(second.stdout).to.contain(`admin token: in ${file}`);
    const again = await SwitchboardClient.connect(second.url, token!, { socket: { reconnection: false } });
    const after = (await again.command('/task-detail T-KEEP')).data.task;
    expect(after).to.deep.equal(task);
    expect(after.context).to.match(/@admin: first note, with "quotes"\n\n\[.*\] @admin: second note$/);
    expect(await again.history({ room: 'task:T-KEEP' })).to.deep.equal(taskRoom);
    expect(await again.history({ room: 'lobby', before: lobby.at(-1)!.seq + 1 })).to.deep.equal(lobby);
    const detail = (await again.command('/sprint-detail S-KEEP')).data;
    expect(detail.sprint.progress!.total).to.equal(1);
    const next = await again.send('task:T-KEEP', 'after the restart');
    expect(next.ok && next.message.seq).to.equal(taskRoom.at(-1)!.seq + 1);

    // Ctrl-C, with a client still connected.
    second.child.kill('SIGINT');
    expect(await second.exited).to.deep.equal({ code: 0, signal: null });
    again.close();
    await eventually(async () => !(await portOpen(second.dbPort)), { what: 'the second FerretDB port is closed', ms: 5000 });
  });

  it('takes its FerretDB down with it when killed with SIGKILL, and loses nothing acknowledged', async () => {
    const dir = tempDir();
    const hub = await startMain(dir);
    const token = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
    const admin = await SwitchboardClient.connect(hub.url, token, { socket: { reconnection: false } });
    await admin.command('/sprints-create S-CRASH --title="Crash"', 'lobby');
    await admin.command('/task-create T-CRASH --title="Before the crash" --sprint=S-CRASH', 'lobby');
    await admin.command('/task-note T-CRASH "acknowledged before the crash"', 'lobby');
    admin.close();

    expect(await portOpen(hub.dbPort)).to.equal(true);
    hub.child.kill('SIGKILL');
    expect((await hub.exited).signal).to.equal('SIGKILL');
    await eventually(async () => !(await portOpen(hub.dbPort)), { what: 'FerretDB follows its killed hub', ms: 5000 });
    await eventually(async () => !(await portOpen(hub.pgPort)), { what: 'PostgreSQL follows its killed hub', ms: 10000 });

    const back = await startMain(dir);
    const again = await SwitchboardClient.connect(back.url, token);
    const lobby: ChatMessage[] = await again.history({ room: 'lobby' });
    expect(lobby.filter((m) => m.kind === 'command').map((m) => m.text)).to.deep.equal([
      '/sprints-create S-CRASH --title="Crash"',
      '/task-create T-CRASH --title="Before the crash" --sprint=S-CRASH',
      // A note typed outside its task's room is stored without its text; the task has it.
      '/task-note --code=T-CRASH (note not shown)',
    ]);
    const task = (await again.command('/task-detail T-CRASH')).data.task;
    expect(task.context).to.contain('@admin: acknowledged before the crash');
    again.close();
    back.child.kill('SIGTERM');
    await back.exited;
  });

  it('refuses a second hub on the same DATA_DIR at once with one sentence, and leaves the first one serving', async () => {
    const dir = tempDir();
    const first = await startMain(dir);
    const second = spawnMain(envFor({ DATA_DIR: dir }));
    const { code } = await second.exited;
    expect(code).to.equal(1);
    const lines = second.err().trim().split('\n');
    expect(lines, second.err()).to.have.length(1);
    expect(lines[0]).to.equal(`switchboard: Another hub (pid ${first.child.pid}) is using the data folder ${dir}: stop it first, or give this one another DATA_DIR.`);
    expect((await fetch(`${first.url}/healthz`)).status).to.equal(200);
    first.child.kill('SIGTERM');
    await first.exited;
    await eventually(async () => !(await portOpen(first.pgPort)), { what: 'PostgreSQL stops with its hub', ms: 10000 });
  });

  it('exits with one sentence when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawnMain(envFor({ DATA_DIR: tempDir(), PORT: String(port) }));
      const { code } = await run.exited;
      expect(code).to.equal(1);
      expect(run.err().trim()).to.equal(`switchboard: Port ${port} on 127.0.0.1 is taken by another program: stop it, or set PORT to a free port.`);
    } finally {
      taken.close();
    }
  });

  it('refuses a data folder of the SQLite-backed database with a sentence saying how to migrate it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ferretdb', 'sqlite'), { recursive: true });
    writeFileSync(join(dir, 'ferretdb', 'sqlite', 'switchboard.sqlite'), '');
    const run = spawnMain(envFor({ DATA_DIR: dir }));
    const { code } = await run.exited;
    expect(code).to.equal(1);
    expect(run.err().trim()).to.equal(
      `switchboard: ${dir} holds data of the SQLite-backed database this hub used before: run \`npm run db:migrate\` to copy it into PostgreSQL (it keeps the SQLite files), or start with EMBEDDED_DB=sqlite to keep using them.`,
    );
  });

  it('migrates a data folder of the SQLite-backed database with npm run db:migrate, keeping ids, history and artifacts', async () => {
    const dir = tempDir();
    const old = await startMain(dir, { EMBEDDED_DB: 'sqlite' });
    expect(old.stdout).to.contain('SQLite files in');
    const token = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
    const admin = await SwitchboardClient.connect(old.url, token, { socket: { reconnection: false } });
    await admin.command('/sprints-create S-OLD --title="Kept"');
    await admin.command('/task-create T-OLD --title="Kept task" --sprint=S-OLD');
    await admin.command('/task-note T-OLD "written on SQLite"');
    await admin.command('/artifact-upload --content="# Old notes" --name=old.md --task=T-OLD');
    const sent = await admin.send('lobby', 'a line from before', 'client-before-1');
    admin.close();
    old.child.kill('SIGTERM');
    await old.exited;

    const migrate = () => {
      const run = spawn(process.execPath, [MIGRATE], { env: envFor({ DATA_DIR: dir }), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      run.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      run.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      return new Promise<{ code: number | null; out: string }>((resolve) => run.once('exit', (code) => resolve({ code, out })));
    };
    const first = await migrate();
    expect(first.code, first.out).to.equal(0);
    expect(first.out).to.match(/db:migrate: done, \d+ documents in \d+ collections/);
    const again = await migrate();
    expect(again.code, `a second run changes nothing: ${again.out}`).to.equal(0);

    const hub = await startMain(dir);
    const client = await SwitchboardClient.connect(hub.url, token);
    const task = (await client.command('/task-detail T-OLD')).data.task;
    expect(task.context).to.contain('written on SQLite');
    expect((await client.command('/artifact-preview sb://artifacts/by-task/T-OLD/old.md')).text).to.contain('# Old notes');
    const resent = await client.send('lobby', 'a line from before', 'client-before-1');
    expect(resent.ok && sent.ok && resent.message.id, 'the same message, found by its derived ids').to.equal(sent.ok ? sent.message.id : 'x');
    const lobby = await client.history({ room: 'lobby' });
    expect(lobby.filter((m) => m.text === 'a line from before')).to.have.length(1);
    const after = await client.send('lobby', 'a line after the move');
    expect(after.ok && after.message.seq).to.equal(lobby[lobby.length - 1]!.seq + 1);
    client.close();
    hub.child.kill('SIGTERM');
    await hub.exited;
  });

  it('exits non-zero with one clear sentence when MONGODB_URI cannot be reached', async () => {
    const run = spawnMain(envFor({ DATA_DIR: tempDir(), MONGODB_URI: 'mongodb://127.0.0.1:1/' }));
    const { code } = await run.exited;
    expect(code).to.not.equal(0).and.not.equal(null);
    const lines = run.err().trim().split('\n');
    expect(lines, run.err()).to.have.length(1);
    expect(lines[0]).to.match(/^switchboard: Could not reach the database at mongodb:\/\/127\.0\.0\.1:1\//);
    expect(lines[0]).to.contain('MONGODB_URI');
    expect(run.out()).to.not.contain('Switchboard is up');
  });
});
