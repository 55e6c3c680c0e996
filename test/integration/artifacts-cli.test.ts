import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { sha256, storeCounts, tempFiles } from '../support/artifacts.js';
import { withTestHub } from '../support/hub.js';

const BIN = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the switchboard CLI', () => {
  let admin: SwitchboardClient;
  const files = tempFiles();

  /** Runs the CLI as a user would, in the temp folder, without any SWITCHBOARD_* of the test's own environment. */
  function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_') && k !== 'DATA_DIR'));
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { cwd: files.dir, env: { ...clean, DATA_DIR: files.dir, ...env } }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }
  const asAdmin = (...args: string[]) => cli(['--hub', t.url, '--token', t.adminToken, ...args]);

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-CLI --title="CLI sprint"');
    await admin.command('/task-create T-1 --title="CLI task" --sprint=S-CLI');
  });
  after(() => files.cleanup());

  it('uploads a file with artifact-upload --file, streaming it, and prints the result', async () => {
    const { path, bytes } = files.random('build.bin', 2 * 1024 * 1024 + 7);
    const run = await asAdmin('artifact-upload', `--file=${path}`, '--task=T-1');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('Added build.bin v1 (2.0 MiB').and.to.contain('sb://artifacts/by-task/T-1/build.bin');
    const listed = (await admin.command('/artifacts T-1')).data;
    expect(listed.rows.find((r) => r.name === 'build.bin')?.version).to.equal(1);
    const blob = await t.db.conn.db!.collection('blobs').findOne({ _id: sha256(bytes) } as never);
    expect(blob?.size).to.equal(bytes.length);
  });

  it('uploads a relative path whose name has spaces and unicode, and a second run changes nothing', async () => {
    writeFileSync(join(files.dir, 'Weekly report – ü.md'), '# Week 1\n');
    const run = await asAdmin('artifact-upload', '--file=Weekly report – ü.md', '--sprint=S-CLI');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('Added Weekly report – ü.md v1');
    expect(run.stdout).to.contain(`sb://artifacts/by-sprint/S-CLI/${encodeURIComponent('Weekly report – ü.md')}`);
    const before = await storeCounts(t);
    const again = await asAdmin('artifact-upload', '--file=Weekly report – ü.md', '--sprint=S-CLI');
    expect(again.code).to.equal(0);
    expect(again.stdout).to.contain('nothing changed');
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('saves artifact-download to --out, byte for byte', async () => {
    const { path, bytes } = files.random('original.bin', 600 * 1024);
    expect((await asAdmin('artifact-upload', `--file=${path}`, '--task=T-1', '--name=dumps/core dump.bin')).code).to.equal(0);
    const out = join(files.dir, 'copy.bin');
    const run = await asAdmin('artifact-download', 'sb://artifacts/by-task/T-1/dumps/core%20dump.bin', `--out=${out}`);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`Saved dumps/core dump.bin v1 (${bytes.length} bytes) to ${out}\n`);
    expect(sha256(readFileSync(out))).to.equal(sha256(bytes));

    const byName = await asAdmin('artifact-download', 'sb://artifacts/by-task/T-1/build.bin');
    expect(byName.code, byName.stderr).to.equal(0);
    expect(readFileSync(join(files.dir, 'build.bin')).length).to.equal(2 * 1024 * 1024 + 7);
  });

  it('runs a plain command and prints its text; hub and token may come from the environment', async () => {
    const run = await asAdmin('task-note', 'T-1', 'hello there');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('✅ Note added to T-1\n');
    const env = await cli(['task-detail', 'T-1'], { SWITCHBOARD_HUB: t.url, SWITCHBOARD_TOKEN: t.adminToken });
    expect(env.code, env.stderr).to.equal(0);
    expect(env.stdout).to.contain('hello there');
    const detail = await admin.command('/task-detail T-1');
    expect(detail.data.task.context).to.contain('hello there');
  });

  it('exits 1 with the error code on stderr when the hub refuses, and 2 on a usage error', async () => {
    const [missing, badArgs, noFile, gone, badToken, noToken] = await Promise.all([
      asAdmin('task-note', 'T-NOPE', 'hello'),
      asAdmin('artifact-upload', '--content=x', '--task=T-1'),
      asAdmin('artifact-upload', '--file=does-not-exist.md', '--task=T-1'),
      asAdmin('artifact-download', 'sb://artifacts/by-task/T-1/nothing.md'),
      cli(['--hub', t.url, '--token', 'sbt_wrong', 'sprints']),
      cli(['--hub', t.url, 'sprints']),
    ]);
    expect(missing.code).to.equal(1);
    expect(missing.stdout).to.equal('');
    expect(missing.stderr).to.contain('error [not_found]');

    expect(badArgs.code).to.equal(1);
    expect(badArgs.stderr).to.contain('error [invalid_args]').and.to.contain('usage: /artifact-upload');

    expect(noFile.code).to.equal(1);
    expect(noFile.stderr).to.contain('no such file').and.to.contain('does-not-exist.md');

    expect([gone.code, gone.stderr.includes('error [not_found]')]).to.deep.equal([1, true]);

    expect(badToken.code).to.equal(1);
    expect(badToken.stderr).to.contain('error [unauthorized]');

    expect(noToken.code).to.equal(2);
    expect(noToken.stderr).to.contain('no token');
  });
});
