import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'chai';
import type { DashboardData, TaskView } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { download, sha256, uploadArtifact } from '../support/artifacts.js';
import { withTestHub } from '../support/hub.js';
import { mcpOverHttp } from '../support/mcp.js';
import { refusal } from '../support/refusal.js';
import { Timeline, on } from '../support/timeline.js';

/**
 * Issue 10, points 1-3 and 5-7, tried as an attacker with an agent token: one read rule
 * (services/access.ts) on commands, HTTP views and MCP resources.
 */
describe('rights: an agent reads only the tasks it may use, on every interface', () => {
  let admin: SwitchboardClient;
  let agentToken: string;
  let agent: SwitchboardClient;
  let mcp: Client;
  let theirsSha: string;
  const CONTEXT = 'the vault combination is 12-34-56';
  const NOTE = 'private note about the migration';

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await mcp.close();
  });
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-RIGHTS --title="Rights"');
    await admin.command('/task-create T-MINE --title="Mine" --sprint=S-RIGHTS');
    await admin.command('/task-create T-THEIRS --title="Theirs" --sprint=S-RIGHTS');
    await admin.command(`/task-context T-THEIRS --replace="${CONTEXT}"`, 'task:T-THEIRS');
    await admin.command(`/task-note T-THEIRS "${NOTE}"`, 'task:T-THEIRS');
    await admin.command('/task-create T-DONE --title="Done by others" --sprint=S-RIGHTS');
    await admin.command('/task-done T-DONE "the done summary names the customer"', 'task:T-DONE');
    agentToken = await t.tokenFor('prober', 'agent');
    await t.tokenFor('bob', 'person', 'member');
    await admin.command('/task-assign T-MINE @prober');
    theirsSha = (await uploadArtifact(t, { task: 'T-THEIRS' }, 'not for the prober', 'theirs.md')).artifact!.sha256;
    await uploadArtifact(t, { task: 'T-MINE' }, 'my notes', 'mine.md');
    agent = await t.connect(agentToken);
    mcp = await mcpOverHttp(t.url, agentToken);
  });

  const get = async <T>(path: string, token = agentToken) => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T & { ok: boolean; error?: { code: string } } };
  };

  it('1. MCP resources/read refuses artifacts of other tasks, by path and by hash, and reads its own', async () => {
    for (const uri of ['sb://artifacts/by-task/T-THEIRS/theirs.md', `sb://cas/${theirsSha}`]) {
      const err = await mcp.readResource({ uri }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err, uri).to.not.equal(null);
      expect(err!.message).to.contain('forbidden').and.not.contain('not for the prober');
    }
    const mine = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-MINE/mine.md' });
    expect((mine.contents[0] as { text: string }).text).to.equal('my notes');
  });

  it('2. /artifact-upload --sha256 needs the right to read the bytes, as /artifact-link does; a fresh upload of ones own is fine', async () => {
    const err = await refusal(agent, `/artifact-upload --sha256=${theirsSha} --name=stolen.md --task=T-MINE`, 'task:T-MINE');
    expect(err.code).to.equal('forbidden');
    const linked = await refusal(agent, `/artifact-link sb://cas/${theirsSha} --name=stolen.md --task=T-MINE`, 'task:T-MINE');
    expect(linked.code).to.equal('forbidden');
    expect((await get('/api/orchestration/artifacts?task=T-MINE')).body).to.not.have.nested.property('artifacts[1]');

    const http = new SwitchboardHttp(t.url, agentToken);
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'rights-'));
    try {
      writeFileSync(join(dir, 'own.txt'), 'my own bytes');
      const { sha256: own } = await http.uploadBlob(join(dir, 'own.txt'));
      expect(own).to.equal(sha256('my own bytes'));
      const ok = await agent.command(`/artifact-upload --sha256=${own} --name=own.txt --task=T-MINE`, 'task:T-MINE');
      expect(ok.type).to.equal('success');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('3. the /api/orchestration views show no artifact names, hashes or context of a task the agent may not read', async () => {
    const task = await get<TaskView>('/api/orchestration/tasks/T-THEIRS');
    expect(task.status).to.equal(200);
    expect(task.body.task).to.include({ code: 'T-THEIRS', title: 'Theirs', status: 'todo', context: '' });
    expect(task.body.artifacts).to.deep.equal([]);
    expect(task.body.activity).to.deep.equal([]);
    expect(JSON.stringify(task.body)).to.not.contain(theirsSha).and.not.contain(CONTEXT).and.not.contain('theirs.md');

    const listed = await get('/api/orchestration/artifacts?task=T-THEIRS');
    expect(listed.status).to.equal(403);
    expect(listed.body.error!.code).to.equal('forbidden');

    const sprint = await get('/api/orchestration/sprints/S-RIGHTS');
    expect(sprint.status).to.equal(200);
    expect(JSON.stringify(sprint.body)).to.not.contain(theirsSha).and.not.contain(CONTEXT);

    const dash = await get<DashboardData>('/api/orchestration/dashboard');
    expect(JSON.stringify(dash.body)).to.not.contain(NOTE);
    const directory = await get('/api/orchestration/directory');
    expect(JSON.stringify(directory.body)).to.contain('T-DONE').and.not.contain('names the customer');
    expect(JSON.stringify(sprint.body)).to.contain('T-DONE').and.not.contain('names the customer');

    // A person still sees everything.
    const asAdmin = await get<TaskView>('/api/orchestration/tasks/T-THEIRS', t.adminToken);
    expect(asAdmin.body.task.context).to.contain(CONTEXT);
    expect(asAdmin.body.artifacts.map((a) => a.sha256)).to.include(theirsSha);
  });

  it('5. a direct message subject stays out of the activity feed every agent reads', async () => {
    await admin.command('/message-send @bob "salary review for bob" "numbers inside"');
    const feed = await agent.command('/activity --limit=50');
    expect(feed.text).to.contain('sent a message to @bob').and.not.contain('salary review');
    const dash = await get<DashboardData>('/api/orchestration/dashboard');
    expect(JSON.stringify(dash.body)).to.not.contain('salary review');
  });

  it('6. /task-detail, /activity, /sprint-detail, /dashboard and the MCP task resource show the board but not the details', async () => {
    const detail = await agent.command('/task-detail T-THEIRS');
    expect(detail.text).to.contain('T-THEIRS · Theirs').and.contain('todo').and.not.contain(CONTEXT).and.not.contain(NOTE);
    expect(detail.data.task.context).to.equal('');
    expect(detail.data.activity).to.deep.equal([]);

    const activity = await agent.command('/activity --task=T-THEIRS');
    expect(activity.text).to.contain('T-THEIRS').and.not.contain(NOTE);

    const sprint = await agent.command('/sprint-detail S-RIGHTS');
    expect(JSON.stringify(sprint.data)).to.contain('T-THEIRS').and.not.contain(CONTEXT);

    const dash = await agent.command('/dashboard');
    expect(JSON.stringify(dash.data)).to.not.contain(NOTE);

    const resource = await mcp.readResource({ uri: 'switchboard://tasks/T-THEIRS' });
    const text = resource.contents.map((c) => (c as { text: string }).text).join('\n');
    expect(text).to.contain('Theirs').and.not.contain(CONTEXT).and.not.contain(NOTE);

    // Its own task, and a person, keep every detail.
    await agent.command('/task-note T-MINE "my progress"', 'task:T-MINE');
    expect((await agent.command('/task-detail T-MINE')).text).to.contain('my progress');
    expect((await admin.command('/task-detail T-THEIRS')).text).to.contain(CONTEXT).and.contain(NOTE);
    expect(JSON.stringify((await admin.command('/activity --task=T-THEIRS')).data)).to.contain(NOTE);
  });

  it('6. live events: an agent in the lobby and the sprint hears the board of a task it may not read, its own tasks whole', async () => {
    await agent.join('lobby');
    await agent.join('sprint:S-RIGHTS');
    await agent.join('task:T-MINE');
    await admin.join('lobby');
    const heard = new Timeline(agent);
    const person = new Timeline(admin);
    await admin.command('/task-note T-THEIRS "live secret note"', 'task:T-THEIRS');
    await uploadArtifact(t, { task: 'T-THEIRS' }, 'live secret bytes', 'live.md');
    await admin.command('/task-note T-MINE "live note for the prober"', 'task:T-MINE');
    await heard.waitFor([
      on('activity:new', 'the board line of the note on T-THEIRS', (e) => e.activity.task === 'T-THEIRS' && e.activity.type === 'task.note'),
      on('task:updated', 'T-THEIRS updated, without context', (e) => e.task.code === 'T-THEIRS'),
      on('activity:new', 'the whole note on T-MINE', (e) => e.activity.text.includes('live note for the prober')),
      on('task:updated', 'T-MINE with its context', (e) => e.task.code === 'T-MINE' && e.task.context.includes('live note for the prober')),
    ]);
    await person.waitFor([
      on('activity:new', 'the whole note on T-THEIRS, for a person', (e) => e.activity.text.includes('live secret note')),
      on('activity:new', 'the artifact on T-THEIRS, for a person', (e) => e.activity.text.includes('live.md')),
    ]);
    const seen = JSON.stringify(heard.seen);
    expect(seen).to.not.contain('live secret note').and.not.contain(CONTEXT).and.not.contain('live.md');
    expect(heard.of('artifact:new').filter((e) => e.artifact.owner.code === 'T-THEIRS')).to.deep.equal([]);
    // One copy of each event per socket, whatever rooms it is in.
    const notes = heard.of('activity:new').filter((e) => e.activity.task === 'T-MINE' && e.activity.type === 'task.note');
    expect(notes).to.have.lengthOf(1);
    const personNotes = person.of('activity:new').filter((e) => e.activity.text.includes('live secret note'));
    expect(personNotes).to.have.lengthOf(1);
  });

  it('7. every artifact download carries nosniff, a sandbox CSP and the attachment disposition', async () => {
    const html = await uploadArtifact(t, { task: 'T-MINE' }, '<script>alert(document.cookie)</script>', 'page.html');
    const svg = await uploadArtifact(t, { task: 'T-MINE' }, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'pic.svg');
    const link = (await admin.command('/artifact-download sb://artifacts/by-task/T-MINE/page.html')).data;
    for (const path of [
      '/api/artifacts/by-task/T-MINE/page.html',
      `/api/artifacts/${html.artifact!.sha256}`,
      '/api/artifacts/by-task/T-MINE/pic.svg',
      `/api/artifacts/${svg.artifact!.sha256}`,
      '/api/artifacts/by-task/T-MINE/page.html/preview',
      link.url,
    ]) {
      const { res } = await download(t, path, {}, path.startsWith('http') ? null : t.adminToken);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(res.headers.get('content-security-policy'), path).to.match(/^sandbox\b/).and.contain("default-src 'none'");
      if (!path.endsWith('/preview')) expect(res.headers.get('content-disposition'), path).to.match(/^attachment;/);
    }
  });
});
