import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { create as createTar } from 'tar';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableData } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { COMMANDS } from '../../server/commands/index.js';
import { download, storeCounts, tempFiles } from '../support/artifacts.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';
import { refusal } from '../support/refusal.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/docs', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/import-docs.js', import.meta.url));
const UNICODE = 'guides/Démarrage rapide – 日本語.md';

/** Every markdown file of the fixture, and where the import must link it. */
const EXPECTED = [
  { path: 'README.md', to: 'project', name: 'README.md' },
  { path: 'architecture/decisions/0001 use gridfs.md', to: 'project', name: 'architecture/decisions/0001 use gridfs.md' },
  { path: 'architecture/overview.md', to: 'project', name: 'architecture/overview.md' },
  { path: UNICODE, to: 'project', name: UNICODE },
  { path: 'sprints/S-DOCS/plan.md', to: 'sprint S-DOCS', name: 'plan.md' },
  { path: 'sprints/S-DOCS/retro/notes.md', to: 'sprint S-DOCS', name: 'retro/notes.md' },
  { path: 'tasks/T-DOCS-1/spec.md', to: 'task T-DOCS-1', name: 'spec.md' },
];

const rowsOf = <R>(r: { data: TableData<R> }) => r.data.rows;

describe('documentation as artifacts', () => {
  let admin: SwitchboardClient;
  const files = tempFiles();
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
  });
  after(() => files.cleanup());

  /** The sprint and the task the fixture's tree is filed under (the first test shows the import needs them). */
  async function owners(): Promise<void> {
    if (await t.db.models.sprints.exists({ code: 'S-DOCS' })) return;
    await admin.command('/sprints-create S-DOCS --title="Docs sprint"');
    await admin.command('/task-create T-DOCS-1 --title="Docs task" --sprint=S-DOCS');
  }

  /** The fixture imported, for the tests that start from there (an import that ran already is kept, edits and all). */
  async function imported(): Promise<void> {
    await owners();
    if (await t.db.models.artifacts.exists({ name: 'plan.md' })) return;
    await admin.command(`/docs-import "${FIXTURE}"`);
  }

  it('imports nothing while a sprint or task of the tree does not exist, and says which', async () => {
    const error = await refusal(admin, `/docs-import "${FIXTURE}"`);
    expect(error.code).to.equal('not_found');
    expect(error.message).to.contain('sprint S-DOCS').and.to.contain('task T-DOCS-1').and.to.contain('Nothing imported');
    expect(await storeCounts(t)).to.deep.equal({ files: 0, chunks: 0, blobs: 0, artifacts: 0 });
  });

  it('--dry-run reports what would be created where, and writes nothing', async () => {
    await owners();
    const result = await admin.command(`/docs-import "${FIXTURE}" --dry-run`);
    expect(rowsOf(result)).to.deep.equal(EXPECTED.map((e) => ({ ...e, action: 'would create' })));
    expect(result.text).to.contain(`Dry run of ${FIXTURE}: 7 of 7 files would change`);
    expect(await storeCounts(t)).to.deep.equal({ files: 0, chunks: 0, blobs: 0, artifacts: 0 });
  });

  it('imports the tree: a report of what went where, artifacts linked to the sprint, the task and the project', async () => {
    await owners();
    const sprintRoom = await t.connect();
    await sprintRoom.join('sprint:S-DOCS');
    const news = record(sprintRoom, 'artifact:new');
    const result = await admin.command(`/docs-import "${FIXTURE}"`);
    expect(rowsOf(result)).to.deep.equal(EXPECTED.map((e) => ({ ...e, action: 'created (v1)' })));
    expect(result.text).to.contain(`Imported ${FIXTURE}: 7 of 7 files changed`);
    expect(result.text).not.to.contain('secret.md').and.not.to.contain('notes.txt');
    expect(await storeCounts(t)).to.include({ blobs: 7, artifacts: 7 });
    // The sprint room hears about its docs and those of its task.
    await eventually(() => expect(news.map((n) => n.artifact.name)).to.have.members(['plan.md', 'retro/notes.md', 'spec.md']));

    expect(rowsOf<{ name: string }>(await admin.command('/artifacts S-DOCS')).map((r) => r.name)).to.deep.equal(['plan.md', 'retro/notes.md']);
    expect(rowsOf<{ name: string }>(await admin.command('/artifacts T-DOCS-1')).map((r) => r.name)).to.deep.equal(['spec.md']);
    const uri = `/api/artifacts/project/guides/${encodeURIComponent('Démarrage rapide – 日本語.md')}`;
    const { res, bytes } = await download(t, uri);
    expect(res.headers.get('content-type')).to.match(/^text\/markdown/);
    expect(bytes.equals(readFileSync(join(FIXTURE, UNICODE)))).to.equal(true);
  });

  it('changes nothing when run again', async () => {
    await imported();
    const before = await storeCounts(t);
    const again = await admin.command(`/docs-import "${FIXTURE}"`);
    expect(rowsOf(again).map((r) => r.action)).to.deep.equal(EXPECTED.map(() => 'unchanged (v1)'));
    expect(again.text).to.contain('0 of 7 files changed');
    const dry = await admin.command(`/docs-import "${FIXTURE}" --dry-run`);
    expect(rowsOf(dry).map((r) => r.action)).to.deep.equal(EXPECTED.map(() => 'unchanged (v1)'));
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('scripts/import-docs imports a folder through the hub: an edited file becomes a new version', async () => {
    await imported();
    const copy = join(files.dir, 'docs copy');
    cpSync(FIXTURE, copy, { recursive: true });
    writeFileSync(join(copy, 'sprints/S-DOCS/plan.md'), '# Sprint S-DOCS plan\n\n- import the docs\n- keep them in sync\n- one more item\n');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_') && k !== 'DATA_DIR'));
      execFile(process.execPath, [SCRIPT, copy, '--hub', t.url, '--token', t.adminToken], { cwd: files.dir, env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(`Imported ${copy}: 1 of 7 files changed`);
    expect(run.stdout).to.match(/sprints\/S-DOCS\/plan\.md\s+sprint S-DOCS\s+plan\.md\s+new version \(v2\)/);
    const versions = rowsOf<{ name: string; version: number }>(await admin.command('/artifacts S-DOCS --all'));
    expect(versions.filter((r) => r.name === 'plan.md').map((r) => r.version)).to.deep.equal([2, 1]);
  });

  it('/docs lists documentation everywhere or of one sprint or task, and leaves attachments out', async () => {
    await imported();
    await admin.command('/artifact-upload --content="not documentation" --name=attachment.txt --sprint=S-DOCS');
    const all = rowsOf<{ name: string }>(await admin.command('/docs')).map((r) => r.name);
    expect(all).to.have.members(EXPECTED.map((e) => e.name));
    const sprint = await admin.command('/docs --sprint=S-DOCS');
    const latest = rowsOf<{ name: string; version: number }>(await admin.command('/artifacts S-DOCS')).filter((r) => r.name !== 'attachment.txt');
    expect(rowsOf<{ name: string; version: number }>(sprint).map((r) => [r.name, r.version])).to.deep.equal(latest.map((r) => [r.name, r.version]));
    expect(latest.map((r) => r.name)).to.deep.equal(['plan.md', 'retro/notes.md']);
    expect(sprint.text).to.contain('Documentation of sprint S-DOCS: 2');
    expect(rowsOf<{ name: string }>(await admin.command('/docs --task=T-DOCS-1')).map((r) => r.name)).to.deep.equal(['spec.md']);
  });

  it('/docs-quickref writes the quick reference from the command registry, and a second run changes nothing', async () => {
    const first = await admin.command('/docs-quickref');
    const { artifact, created } = first.data;
    expect(created).to.equal(true);
    expect(artifact).to.include({ uri: 'sb://artifacts/project/orchestration-quick-reference.md', doc: true, mediaType: 'text/markdown' });
    const text = (await download(t, '/api/artifacts/project/orchestration-quick-reference.md')).bytes.toString();
    expect(text).to.contain('# Orchestration Quick Reference');
    for (const c of COMMANDS) {
      expect(text, `/${c.name}`).to.contain(`## /${c.name}\n`);
      expect(text, `usage of /${c.name}`).to.contain(c.usage);
      expect(text, `summary of /${c.name}`).to.contain(c.summary);
    }
    expect(rowsOf<{ name: string }>(await admin.command('/docs')).map((r) => r.name)).to.include('orchestration-quick-reference.md');

    const before = await storeCounts(t);
    const second = await admin.command('/docs-quickref');
    expect(second.data.created).to.equal(false);
    expect(second.data.artifact.version).to.equal(1);
    expect(second.text).to.contain('nothing changed');
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('keeps /docs-import to admins and to absolute folders that exist on the hub', async () => {
    const member = await t.connect(await t.tokenFor('maria', 'person'));
    expect((await refusal(member, `/docs-import "${FIXTURE}"`)).code).to.equal('forbidden');
    expect((await refusal(admin, '/docs-import test/fixtures/docs')).code).to.equal('invalid_args');
    expect((await refusal(admin, `/docs-import ${join(files.dir, 'missing')}`)).code).to.equal('not_found');
  });

  it('migrates a plan-style folder with --create-missing --all-files --archive: sprints, tasks and backlog tasks made, fe:// rewritten, files archived, a second run changes nothing', async () => {
    const root = join(files.dir, 'delegation');
    const write = (path: string, content: string | Buffer) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    };
    write('sprints/SPRINT-MIG/plan.md', '# Plan\n\nSee fe://artifacts/by-task/TASK-MIG/spec.md first.\n');
    write('tasks/TASK-MIG/spec.md', '# Spec\n\nThe spec.\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    write('tasks/TASK-MIG/diagram.png', png);
    write('backlog/fix login.md', '# Fix the login page\n\nIt loops on fe://artifacts/project/migration-notes.md\n');
    write('migration-notes.md', 'Notes about the move.\n');
    const models = t.db.models;

    const dry = await admin.command(`/docs-import "${root}" --create-missing --all-files --dry-run`);
    expect(dry.data.made).to.have.members(['sprint SPRINT-MIG', 'task TASK-MIG', 'task FIX-LOGIN']);
    expect(dry.text).to.contain('5 of 5 files would change; would make');
    expect(await models.sprints.exists({ code: 'SPRINT-MIG' })).to.equal(null);

    const result = await admin.command(`/docs-import "${root}" --create-missing --all-files --archive`);
    expect(rowsOf(result)).to.deep.equal([
      { path: 'backlog/fix login.md', to: 'task FIX-LOGIN', name: 'fix login.md', action: 'created (v1)' },
      { path: 'migration-notes.md', to: 'project', name: 'migration-notes.md', action: 'created (v1)' },
      { path: 'sprints/SPRINT-MIG/plan.md', to: 'sprint SPRINT-MIG', name: 'plan.md', action: 'created (v1)' },
      { path: 'tasks/TASK-MIG/diagram.png', to: 'task TASK-MIG', name: 'diagram.png', action: 'created (v1)' },
      { path: 'tasks/TASK-MIG/spec.md', to: 'task TASK-MIG', name: 'spec.md', action: 'created (v1)' },
    ]);
    const backlog = await admin.command('/task-detail FIX-LOGIN');
    expect(backlog.text).to.contain('FIX-LOGIN · Fix the login page').and.contain('sprint BACKLOG').and.contain('It loops on sb://artifacts/project/migration-notes.md');
    expect((await admin.command('/task-detail TASK-MIG')).text).to.contain('sprint BACKLOG');
    const plan = (await download(t, '/api/artifacts/by-sprint/SPRINT-MIG/plan.md')).bytes.toString();
    expect(plan).to.equal('# Plan\n\nSee sb://artifacts/by-task/TASK-MIG/spec.md first.\n');
    const diagram = await download(t, '/api/artifacts/by-task/TASK-MIG/diagram.png');
    expect(diagram.res.headers.get('content-type')).to.match(/^image\/png/);
    expect(diagram.bytes.equals(png)).to.equal(true);
    expect(rowsOf<{ name: string }>(await admin.command('/docs --task=TASK-MIG')).map((r) => r.name)).to.deep.equal(['spec.md']);
    expect(existsSync(join(root, 'archived/tasks/TASK-MIG/diagram.png'))).to.equal(true);
    expect(existsSync(join(root, 'tasks/TASK-MIG/spec.md'))).to.equal(false);
    // The plan's fe:// scheme reads the same artifact.
    expect((await admin.command('/artifact-preview fe://artifacts/by-task/TASK-MIG/spec.md')).text).to.contain('The spec.');

    const before = await storeCounts(t);
    const again = await admin.command(`/docs-import "${root}" --create-missing --all-files --archive`);
    expect(again.text).to.equal(`No files to import in ${root}.`);
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('POST /api/docs-import takes a .tar.gz of a folder from another machine: imported like the command, paths checked, admins only', async () => {
    const root = join(files.dir, 'remote');
    mkdirSync(join(root, 'sprints/S-REMOTE'), { recursive: true });
    mkdirSync(join(root, 'backlog'), { recursive: true });
    writeFileSync(join(root, 'sprints/S-REMOTE/plan.md'), '# Remote plan\n');
    writeFileSync(join(root, 'backlog/remote-idea.md'), '# A remote idea\n\nfe://artifacts/by-sprint/S-REMOTE/plan.md\n');
    const archive = join(files.dir, 'remote.tar.gz');
    await createTar({ gzip: true, cwd: root, file: archive, portable: true }, ['sprints', 'backlog']);
    const post = (body: Buffer, query = '', token = t.adminToken) =>
      fetch(`${t.url}/api/docs-import${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' }, body });

    const dry = await post(readFileSync(archive), '?dryRun=1&createMissing=1');
    expect(dry.status).to.equal(200);
    const dryBody = (await dry.json()) as { made: string[]; outcomes: { action: string }[] };
    expect(dryBody.made).to.have.members(['sprint S-REMOTE', 'task REMOTE-IDEA']);
    expect(dryBody.outcomes.map((o) => o.action)).to.deep.equal(['would_create', 'would_create']);

    const done = await post(readFileSync(archive), '?createMissing=1');
    expect(done.status).to.equal(200);
    expect(((await done.json()) as { outcomes: { path: string; action: string }[] }).outcomes.map((o) => [o.path, o.action])).to.deep.equal([
      ['backlog/remote-idea.md', 'created'],
      ['sprints/S-REMOTE/plan.md', 'created'],
    ]);
    expect((await admin.command('/task-detail REMOTE-IDEA')).text).to.contain('A remote idea').and.contain('sb://artifacts/by-sprint/S-REMOTE/plan.md');
    // The upload ran /docs-import: the lobby shows the command, as the admin, and its result.
    const lobby = await admin.join('lobby');
    const asked = lobby.filter((m) => m.kind === 'command' && m.text.startsWith('/docs-import ') && m.text.endsWith(' --create-missing'));
    expect(asked.map((m) => m.sender.name)).to.include('admin');
    const answered = lobby.find((m) => m.kind === 'result' && m.replyTo === asked.at(-1)!.id);
    expect(answered?.text).to.match(/^Imported \/\S+: 2 of 2 files changed/).and.contain('sprint S-REMOTE');
    const again = (await (await post(readFileSync(archive), '?createMissing=1')).json()) as { made: string[]; outcomes: { action: string }[] };
    expect(again.made).to.deep.equal([]);
    expect(again.outcomes.map((o) => o.action)).to.deep.equal(['unchanged', 'unchanged']);

    // A path that climbs out of the folder refuses the whole archive, and nothing is written outside.
    const evil = join(files.dir, 'evil');
    mkdirSync(join(evil, 'inner'), { recursive: true });
    writeFileSync(join(evil, 'escape.md'), '# out\n');
    const evilArchive = join(files.dir, 'evil.tar.gz');
    await createTar({ gzip: true, cwd: join(evil, 'inner'), file: evilArchive, preservePaths: true }, ['../escape.md']);
    const refused = await post(readFileSync(evilArchive));
    expect(refused.status).to.equal(400);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error.message).to.match(/\.\.\/escape\.md climbs out of the folder/);
    symlinkSync('/etc/passwd', join(evil, 'inner', 'link.md'));
    await createTar({ gzip: true, cwd: join(evil, 'inner'), file: evilArchive }, ['link.md']);
    expect(((await (await post(readFileSync(evilArchive))).json()) as { error: { message: string } }).error.message).to.contain('link.md is a SymbolicLink');
    expect((await post(Buffer.from('not an archive'))).status).to.equal(400);

    const member = await t.tokenFor('remote-member', 'person');
    expect((await post(readFileSync(archive), '', member)).status).to.equal(403);
  });

  it('npm run import-docs -- FOLDER --upload packs the folder and posts it; --archive then moves what was imported', async () => {
    const root = join(files.dir, 'uploaded');
    mkdirSync(join(root, 'tasks/T-UP-1'), { recursive: true });
    mkdirSync(join(root, '.git'), { recursive: true });
    writeFileSync(join(root, 'tasks/T-UP-1/notes.md'), '# Notes\n');
    writeFileSync(join(root, 'tasks/T-UP-1/data.csv'), 'a,b\n1,2\n');
    writeFileSync(join(root, '.git/config'), 'not for the hub');
    const script = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_') && k !== 'DATA_DIR'));
        execFile(process.execPath, [SCRIPT, root, ...args, '--hub', t.url, '--token', t.adminToken], { cwd: files.dir, env }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const first = await script('--upload', '--create-missing', '--all-files', '--archive');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Uploaded ${root}: 2 of 2 files changed; made task T-UP-1`);
    expect(rowsOf<{ name: string }>(await admin.command('/artifacts T-UP-1')).map((r) => r.name)).to.have.members(['notes.md', 'data.csv']);
    expect(existsSync(join(root, 'archived/tasks/T-UP-1/data.csv'))).to.equal(true);
    expect(existsSync(join(root, 'tasks/T-UP-1/notes.md'))).to.equal(false);
    const second = await script('--upload', '--create-missing', '--all-files', '--archive');
    expect(second.stdout).to.contain(`Uploaded ${root}: 0 of 0 files changed`);
  });
});
