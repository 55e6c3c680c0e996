import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { uploadArtifact } from '../support/artifacts.js';
import { withTestHub } from '../support/hub.js';

describe('who may read artifacts', () => {
  let admin: SwitchboardClient;
  let agentToken: string;
  let agent: SwitchboardClient;
  let theirs: string;
  let mine: string;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-READ --title="Read rights"');
    await admin.command('/task-create T-MINE --title="Mine" --sprint=S-READ');
    await admin.command('/task-create T-THEIRS --title="Theirs" --sprint=S-READ');
    agentToken = await t.tokenFor('reader', 'agent');
    await admin.command('/task-assign T-MINE @reader');
    agent = await t.connect(agentToken);
    mine = (await uploadArtifact(t, { task: 'T-MINE' }, 'my notes', 'mine.md')).artifact!.sha256;
    theirs = (await uploadArtifact(t, { task: 'T-THEIRS' }, 'not for the agent', 'theirs.md')).artifact!.sha256;
    await uploadArtifact(t, { project: '1' }, 'for everyone', 'handbook.md');
  });

  const get = (path: string, token: string) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('lets an agent read its own task and the project, by URI and by hash', async () => {
    expect((await get('/api/artifacts/by-task/T-MINE/mine.md', agentToken)).status).to.equal(200);
    expect((await get(`/api/artifacts/${mine}`, agentToken)).status).to.equal(200);
    expect((await get('/api/artifacts/project/handbook.md', agentToken)).status).to.equal(200);
    expect((await agent.command('/artifact-preview sb://artifacts/by-task/T-MINE/mine.md')).text).to.contain('my notes');
  });

  it('refuses an agent the artifacts of a task it is not on, over HTTP and in commands', async () => {
    for (const path of ['/api/artifacts/by-task/T-THEIRS/theirs.md', `/api/artifacts/${theirs}`, '/api/artifacts/by-task/T-THEIRS/theirs.md/preview']) {
      const res = await get(path, agentToken);
      expect(res.status, path).to.equal(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('forbidden');
    }
    for (const line of ['/artifact-download sb://artifacts/by-task/T-THEIRS/theirs.md', '/artifact-preview sb://artifacts/by-task/T-THEIRS/theirs.md', '/artifacts T-THEIRS']) {
      const ack = await agent.send('lobby', line);
      expect(ack.ok, line).to.equal(false);
      if (!ack.ok) expect(ack.error.code).to.equal('forbidden');
    }
  });

  it('lets an agent link bytes stored for a task it is not on when it uploads them itself, not by their hash alone', async () => {
    const stored = (await uploadArtifact(t, { task: 'T-THEIRS' }, 'their draft', 'draft.md')).artifact!.sha256;
    const ack = await agent.send('task:T-MINE', `/artifact-upload --sha256=${stored} --name=by-hash.md --task=T-MINE`);
    expect(ack.ok).to.equal(false);
    if (!ack.ok) expect(ack.error.code).to.equal('forbidden');
    const up = await uploadArtifact(t, { task: 'T-MINE' }, 'their draft', 'sent.md', agentToken);
    expect(up.status).to.equal(201);
    expect(up.artifact!.sha256).to.equal(stored);
  });

  it('still opens a signed link a person handed out', async () => {
    const link = await admin.command('/artifact-download sb://artifacts/by-task/T-THEIRS/theirs.md');
    const res = await fetch(link.data.url);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('not for the agent');
  });
});
