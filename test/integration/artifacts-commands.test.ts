import { expect } from 'chai';
import type { Artifact, TableData } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { download, sha256, storeCounts, uploadArtifact } from '../support/artifacts.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';
import { refusal } from '../support/refusal.js';

const rowsOf = <R>(r: { data: TableData<R> }) => r.data.rows;

describe('artifact commands', () => {
  let admin: SwitchboardClient;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-CMD --title="Commands sprint"');
    await admin.command('/sprints-create S-OTHER --title="Another sprint"');
    await admin.command('/task-create T-CMD-1 --title="Commands task" --sprint=S-CMD');
    await admin.command('/task-create T-CMD-2 --title="Someone else\'s task" --sprint=S-OTHER');
  });

  /** A client listening in exactly one room. */
  async function listener(room: string) {
    const c = await t.connect();
    await c.join(room);
    return { news: record(c, 'artifact:new'), messages: record(c, 'chat:message') };
  }

  it('announces an HTTP upload to the task room and its sprint room, as /artifact-upload run there by the uploader, with an activity line', async () => {
    const [task, sprint, lobby] = await Promise.all([listener('task:T-CMD-1'), listener('sprint:S-CMD'), listener('lobby')]);
    const up = await uploadArtifact(t, { task: 'T-CMD-1' }, Buffer.from('test report: all green\n'), 'report.txt');
    expect(up.status).to.equal(201);
    await eventually(() => {
      for (const room of [task, sprint]) expect(room.news.map((n) => n.artifact.uri)).to.deep.equal([up.artifact!.uri]);
    });
    expect(task.news[0]!.by.name).to.equal('admin');
    expect(lobby.news).to.be.empty;

    await eventually(() => expect(task.messages.map((m) => m.kind)).to.include('result'));
    const asked = task.messages.find((m) => m.kind === 'command')!;
    expect(asked.sender.name).to.equal('admin');
    expect(asked.text).to.equal(`/artifact-upload --sha256=${up.artifact!.sha256} --name=report.txt --task=T-CMD-1 --type=application/octet-stream`);
    const answered = task.messages.find((m) => m.kind === 'result')!;
    expect(answered.replyTo).to.equal(asked.id);
    expect(answered.text).to.contain('report.txt').and.to.contain(up.artifact!.uri);
    expect(answered.result!.data).to.deep.equal({ artifact: up.artifact, created: true });
    const stored = await admin.history({ room: 'task:T-CMD-1', limit: 10 });
    expect(stored.map((m) => m.id)).to.include.members([asked.id, answered.id]);

    const activity = rowsOf(await admin.command('/activity --task=T-CMD-1'));
    expect(activity.map((r) => r.what)).to.include('added report.txt v1 (23 B) to task T-CMD-1');
  });

  it('announces a project upload in the lobby', async () => {
    const lobby = await listener('lobby');
    const up = await uploadArtifact(t, { project: '1' }, Buffer.from('# Roadmap\n'), 'roadmap.md');
    await eventually(() => expect(lobby.news.map((n) => n.artifact.name)).to.deep.equal(['roadmap.md']));
    await eventually(() => expect(lobby.messages.find((m) => m.kind === 'result')?.text).to.contain(up.artifact!.uri));
    expect(lobby.messages.find((m) => m.kind === 'command')?.text).to.contain('--name=roadmap.md --project');
    const listed = rowsOf(await admin.command('/artifacts project'));
    expect(listed.map((r) => r.name)).to.include('roadmap.md');
  });

  it('/artifact-upload --content stores small text, listed by /artifacts, unchanged when sent again', async () => {
    const task = await listener('task:T-CMD-1');
    const line = '/artifact-upload --content="# Decisions\\n- keep it small" --name=decisions.md --task=T-CMD-1';
    const result = await admin.command(line);
    const { artifact, created } = result.data;
    expect(created).to.equal(true);
    expect(artifact).to.include({ name: 'decisions.md', version: 1, mediaType: 'text/markdown' });
    expect(result.text).to.contain('Added decisions.md v1');
    await eventually(() => expect(task.news.map((n) => n.artifact.name)).to.deep.equal(['decisions.md']));
    const { bytes } = await download(t, `/api/artifacts/${artifact.sha256}`);
    expect(bytes.toString(), 'a typed \\n is a new line').to.equal('# Decisions\n- keep it small');

    const table = await admin.command('/artifacts T-CMD-1');
    const row = rowsOf(table).find((r) => r.name === 'decisions.md')!;
    expect(row).to.include({ version: 1, type: 'text/markdown', who: '@admin', uri: artifact.uri });
    expect(table.text).to.contain('decisions.md');

    const again = await admin.command(line);
    expect(again.data.created).to.equal(false);
    expect(again.text).to.contain('nothing changed');
  });

  it('/artifact-upload --file in chat explains that the CLI uploads files', async () => {
    const error = await refusal(admin, '/artifact-upload --file=./notes.md --task=T-CMD-1');
    expect(error.code).to.equal('invalid_args');
    expect(error.message).to.contain('CLI').and.to.contain('npx switchboard artifact-upload');
    expect(error.usage).to.contain('/artifact-upload');
  });

  it('lets an agent attach to its own task only, never to the project', async () => {
    const agent = await t.connect(await t.tokenFor('bot-cmd', 'agent'));
    await admin.command('/task-assign T-CMD-1 @bot-cmd');
    const before = await storeCounts(t);
    expect((await refusal(agent, '/artifact-upload --content=hi --name=a.md --project')).code).to.equal('forbidden');
    expect((await refusal(agent, '/artifact-upload --content=hi --name=a.md --task=T-CMD-2')).code).to.equal('forbidden');
    expect(await storeCounts(t)).to.deep.equal(before);
    const mine = await agent.command('/artifact-upload --content="agent notes" --name=agent.md --task=T-CMD-1');
    expect(mine.data.artifact.uploadedBy).to.equal('bot-cmd');
  });

  describe('/artifact-download', () => {
    let v1: Artifact;
    before(async () => {
      v1 = (await uploadArtifact(t, { task: 'T-CMD-1' }, Buffer.from('first version\n'), 'spec.txt')).artifact!;
      await uploadArtifact(t, { task: 'T-CMD-1' }, Buffer.from('second version\n'), 'spec.txt');
    });

    it('returns a signed link that downloads without a token; the room sees that a link was issued, not the link', async () => {
      const result = await admin.command(`/artifact-download ${v1.uri}`, 'task:T-CMD-1');
      const { url, name, expiresAt } = result.data;
      expect(name).to.equal('spec.txt v2');
      expect(url).to.match(new RegExp(`^${t.url}/api/artifacts/by-task/T-CMD-1/spec\\.txt\\?exp=\\d+&sig=`));
      expect(Date.parse(expiresAt) - Date.now()).to.be.within(3500e3, 3700e3);
      const { res, bytes } = await download(t, url, {}, null);
      expect(res.status).to.equal(200);
      expect(bytes.toString()).to.equal('second version\n');

      const [, answer] = (await admin.history({ room: 'task:T-CMD-1', limit: 2 })).slice(-2);
      expect(answer!.kind).to.equal('result');
      expect(answer!.text).to.contain('A download link for spec.txt v2 was issued');
      expect(JSON.stringify(answer)).to.not.contain('sig=').and.to.not.contain(url);
    });

    it('signs a fixed version, a bare hash and a name with unicode, spaces and quotes', async () => {
      const old = (await admin.command(`/artifact-download ${v1.versionUri}`)).data;
      expect((await download(t, old.url, {}, null)).bytes.toString()).to.equal('first version\n');
      const cas = (await admin.command(`/artifact-download ${v1.casUri}`)).data;
      expect(sha256((await download(t, cas.url, {}, null)).bytes)).to.equal(v1.sha256);
      const odd = (await uploadArtifact(t, { sprint: 'S-CMD', name: "notes/Ünïcode & spaces (draft) 'v1'.md" }, Buffer.from('odd name\n'), 'x.md')).artifact!;
      const link = (await admin.command(`/artifact-download "${odd.uri}"`)).data;
      expect(link.fileName).to.equal("Ünïcode & spaces (draft) 'v1'.md");
      const got = await download(t, link.url, {}, null);
      expect([got.res.status, got.bytes.toString()]).to.deep.equal([200, 'odd name\n']);
    });

    it('refuses a tampered, borrowed or expired link with 403 forbidden', async () => {
      const { url } = (await admin.command(`/artifact-download ${v1.uri} --ttl=60`)).data;
      const u = new URL(url);
      const tampered = new URL(url);
      tampered.searchParams.set('sig', `${u.searchParams.get('sig')!.slice(0, -2)}AA`);
      const extended = new URL(url);
      extended.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600));
      const borrowed = new URL(url);
      borrowed.pathname = '/api/artifacts/by-task/T-CMD-1/report.txt';
      const older = new URL(url);
      older.searchParams.set('v', '1');
      const expired = await t.hub.services.links.sign(u.pathname, null, -1);
      for (const bad of [tampered.href, extended.href, borrowed.href, older.href, expired.url]) {
        const { res, bytes } = await download(t, bad, {}, null);
        expect(res.status, bad).to.equal(403);
        expect(JSON.parse(bytes.toString()).error.code).to.equal('forbidden');
      }
    });
  });

  it('/artifact-preview shows the start of text and refuses binary', async () => {
    await admin.command('/artifact-upload --content="# Preview\\n- its first lines" --name=preview.md --task=T-CMD-1');
    const md = await admin.command('/artifact-preview sb://artifacts/by-task/T-CMD-1/preview.md');
    expect(md.text).to.contain('preview.md v1').and.to.contain('# Preview');
    expect(md.data).to.include({ truncated: false, mediaType: 'text/markdown' });
    const bin = await uploadArtifact(t, { task: 'T-CMD-1' }, Buffer.from([0, 1, 2, 255, 254, 0]), 'data.bin');
    expect((await refusal(admin, `/artifact-preview ${bin.artifact!.uri}`)).code).to.equal('unsupported_media_type');
  });

  it('/artifact-link links the same bytes elsewhere without storing them again', async () => {
    const source = (await uploadArtifact(t, { task: 'T-CMD-1' }, Buffer.from('shared design notes\n'), 'design.md')).artifact!;
    const sprint = await listener('sprint:S-OTHER');
    const before = await storeCounts(t);
    const linked = (await admin.command(`/artifact-link ${source.uri} --sprint=S-OTHER`)).data;
    expect(linked.created).to.equal(true);
    expect(linked.artifact).to.include({ name: 'design.md', sha256: source.sha256, uri: 'sb://artifacts/by-sprint/S-OTHER/design.md' });
    expect(await storeCounts(t)).to.deep.equal({ ...before, artifacts: before.artifacts + 1 });
    await eventually(() => expect(sprint.news.map((n) => n.artifact.uri)).to.deep.equal([linked.artifact.uri]));
    expect(rowsOf(await admin.command('/artifacts S-OTHER')).map((r) => r.name)).to.include('design.md');
    expect((await download(t, '/api/artifacts/by-sprint/S-OTHER/design.md')).bytes.toString()).to.equal('shared design notes\n');

    const renamed = (await admin.command(`/artifact-link ${source.casUri} --project --name="designs/from task.md"`)).data;
    expect(renamed.artifact.uri).to.equal('sb://artifacts/project/designs/from%20task.md');
    expect((await refusal(admin, `/artifact-link ${source.casUri} --project`)).code).to.equal('invalid_args');
    expect((await storeCounts(t)).blobs).to.equal(before.blobs);
  });

  it('answers unknown tasks, names and hashes with not_found, and a malformed URI with invalid_args', async () => {
    const notFound = [
      `/artifact-preview sb://cas/${'0'.repeat(64)}`,
      `/artifact-download sb://cas/${'f'.repeat(64)}`,
      '/artifact-download sb://artifacts/by-task/T-CMD-1/missing.md',
      '/artifact-download sb://artifacts/by-task/T-CMD-1/spec.txt?v=9',
      '/artifact-preview sb://artifacts/by-sprint/S-NOPE/plan.md',
      '/artifact-link sb://artifacts/by-task/T-NOPE/x.md --sprint=S-CMD',
      '/artifact-link sb://artifacts/by-task/T-CMD-1/spec.txt --task=T-NOPE',
      '/artifact-upload --content=x --name=x.md --sprint=S-NOPE',
      '/artifacts T-NOPE',
      '/artifacts project-x',
    ];
    for (const line of notFound) expect((await refusal(admin, line)).code, line).to.equal('not_found');
    for (const line of ['/artifact-preview sb://nowhere/x', '/artifact-download https://example.com/file', '/artifact-preview sb://cas/xyz']) {
      const error = await refusal(admin, line);
      expect(error.code, line).to.equal('invalid_args');
      expect(error.message).to.contain('sb://artifacts/');
    }
  });
});
