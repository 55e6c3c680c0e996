import { expect } from 'chai';
import type { DashboardData, DirectoryView, SprintView, TaskView } from '../../protocol/index.js';
import { uploadArtifact } from '../support/artifacts.js';
import { nextEvent } from '../support/events.js';
import { withTestHub } from '../support/hub.js';

describe('dashboard and orchestration views', () => {
  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-1 --title="Launch week"');
    await admin.command('/sprints-create S-2 --title="Later"');
    await admin.command('/sprint-status S-1 --status=active');
    await admin.command('/task-create T-1 --title="Write the docs" --sprint=S-1 --assignee=@admin');
    await admin.command('/task-create T-2 --title="Ship it" --sprint=S-1');
    await admin.command('/task-done T-2 "shipped"');
  });

  const get = async <T>(path: string, token: string | null = t.adminToken): Promise<{ status: number; body: T & { ok: boolean } }> => {
    const res = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as T & { ok: boolean } };
  };

  it('/dashboard shows active sprints with progress, my open tasks, activity and agents', async () => {
    const admin = await t.connect();
    const result = await admin.command('/dashboard');
    expect(result.component).to.equal('Dashboard');
    const d = result.data;
    expect(d.me).to.equal('admin');
    expect(d.stats).to.include({ activeSprints: 1, myTasks: 1, unreadMessages: 0 });
    expect(d.activeSprints.map((s) => [s.code, s.progress?.percentDone])).to.deep.equal([['S-1', 50]]);
    expect(d.myTasks.map((x) => x.code)).to.deep.equal(['T-1']);
    expect(d.recentActivity[0]!.text).to.equal('completed T-2: shipped');
    expect(result.text).to.contain('1 active sprint').and.to.contain('S-1  Launch week  50% (1/2)');
    // The plan's name for the same view.
    const alias = await admin.command('/orchestration');
    expect(alias.component).to.equal('Dashboard');
    expect(alias.text).to.equal(result.text);
  });

  it('counts agents online from live sockets', async () => {
    const botToken = await t.tokenFor('bot', 'agent');
    const before = (await get<DashboardData>('/api/orchestration/dashboard')).body;
    expect(before.agents.map((a) => `${a.name}:${a.status}`)).to.deep.equal(['bot:offline']);
    expect(before.stats).to.include({ agentsOnline: 0, agentsTotal: 1 });
    const watcher = await t.connect();
    await watcher.join('lobby');
    const online = nextEvent(watcher, 'presence', (e) => e.principal.name === 'bot' && e.status === 'online');
    const bot = await t.connect(botToken);
    await online;
    const after = (await get<DashboardData>('/api/orchestration/dashboard')).body;
    expect(after.agents.map((a) => `${a.name}:${a.status}`)).to.deep.equal(['bot:online']);
    expect(after.stats).to.include({ agentsOnline: 1, agentsTotal: 1 });
    const offline = nextEvent(watcher, 'presence', (e) => e.principal.name === 'bot' && e.status === 'offline');
    bot.close();
    await offline;
  });

  it('GET /api/orchestration/dashboard answers the same data, and only with a token', async () => {
    const admin = await t.connect();
    const fromCommand = (await admin.command('/dashboard')).data;
    const { status, body } = await get<DashboardData>('/api/orchestration/dashboard');
    expect(status).to.equal(200);
    expect({ ...body, ok: undefined, generatedAt: '' }).to.deep.equal({ ...fromCommand, ok: undefined, generatedAt: '' });
    expect((await get('/api/orchestration/dashboard', null)).status).to.equal(401);
  });

  it('serves the directory, a sprint, a task and artifact lists without posting anything to a room', async () => {
    const admin = await t.connect();
    const lobbyBefore = (await admin.join('lobby')).length;
    await uploadArtifact(t, { task: 'T-1' }, '# Notes\n', 'notes.md');

    const directory = (await get<DirectoryView>('/api/orchestration/directory')).body;
    expect(directory.sprints.map((s) => s.code)).to.have.members(['S-1', 'S-2']);
    expect(directory.tasks.map((x) => x.code)).to.deep.equal(['T-1', 'T-2']);
    expect(directory.tasks[0]).to.not.have.property('context');
    expect(directory.principals.map((p) => p.name)).to.include('admin');

    const sprint = (await get<SprintView>('/api/orchestration/sprints/s-1')).body;
    expect(sprint.sprint.progress?.percentDone).to.equal(50);
    expect(sprint.tasks.todo.map((x) => x.code)).to.deep.equal(['T-1']);
    expect(sprint.tasks.completed.map((x) => x.code)).to.deep.equal(['T-2']);

    const task = (await get<TaskView>('/api/orchestration/tasks/T-1')).body;
    expect(task.task.title).to.equal('Write the docs');
    expect(task.artifacts.map((a) => a.name)).to.deep.equal(['notes.md']);
    expect(task.activity.map((a) => a.type)).to.include('task.created');

    const list = (await get<{ artifacts: { name: string }[] }>('/api/orchestration/artifacts?task=T-1')).body;
    expect(list.artifacts.map((a) => a.name)).to.deep.equal(['notes.md']);

    expect((await admin.history({ room: 'lobby', limit: 200 })).length).to.equal(lobbyBefore);
  });

  it('answers unknown codes with 404 and bad ones with 400, as JSON', async () => {
    const missing = await get<{ error: { code: string } }>('/api/orchestration/tasks/NOPE-1');
    expect([missing.status, missing.body.error.code]).to.deep.equal([404, 'not_found']);
    const bad = await get<{ error: { code: string } }>('/api/orchestration/sprints/%20bad');
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'bad_request']);
    const noOwner = await get<{ error: { code: string } }>('/api/orchestration/artifacts');
    expect([noOwner.status, noOwner.body.error.code]).to.deep.equal([400, 'invalid_args']);
  });

  it('serves the web app at / and at its own routes, while unknown API routes stay JSON 404s', async () => {
    for (const path of ['/', '/dashboard', '/r/task:T-1']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).to.equal(200);
      expect(await res.text(), path).to.contain('<div id="root"></div>');
    }
    const api = await fetch(`${t.url}/api/nothing-here`);
    expect(api.status).to.equal(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).to.equal('not_found');
  });
});
