import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { SwitchboardHttp } from '../../client/sdk/index.js';
import { nextEvent } from '../support/events.js';
import { withTwoHubs } from '../support/hub.js';
import { eventually } from '../support/wait.js';

// Redis runs on 127.0.0.1:6379 on these machines (see the README's configuration).
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two hubs as one deployment (Redis adapter)', () => {
  const [a, b] = withTwoHubs({ redisUrl: REDIS_URL, redisKey: `sbtest-${randomBytes(4).toString('hex')}` });

  it('delivers a command run on one hub to a room watcher on the other, with one seq order', async () => {
    const onA = await a.connect();
    const onB = await b.connect(b.adminToken);
    await onA.join('lobby');
    const sprintSeen = nextEvent(onA, 'sprint:updated', (e) => e.sprint.code === 'SCALE-1');
    const msgSeen = nextEvent(onA, 'chat:message', (m) => m.text.startsWith('/sprints-create SCALE-1'));
    const ack = await onB.send('lobby', '/sprints-create SCALE-1 --title="Across hubs"');
    expect(ack.ok).to.equal(true);
    expect((await sprintSeen).change).to.equal('created');
    const viaA = await msgSeen;
    if (ack.ok) expect(viaA.id).to.equal(ack.message.id);
    const chat = await onA.send('lobby', 'hello from A');
    if (chat.ok && ack.ok) expect(chat.message.seq).to.be.greaterThan(ack.message.seq);
  });

  it('shows on one hub what the other hub just wrote to a task the first keeps a copy of', async () => {
    const onA = await a.connect();
    const onB = await b.connect(b.adminToken);
    await onA.command('/sprints-create SCALE-2 --title="Copies"');
    await onA.command('/task-create T-COPY --title="Kept on A" --sprint=SCALE-2');
    // Hub A wrote the task and keeps it; a read there does not ask the database.
    expect((await onA.command('/task-detail T-COPY')).data.task.assignee).to.equal(null);
    await onB.command('/task-assign T-COPY @scale-bot');
    // Hub B tells A through Redis; A forgets its copy, and its next read finds the change.
    await eventually(async () => {
      expect((await onA.command('/task-detail T-COPY')).data.task.assignee).to.equal('scale-bot');
    }, { what: 'hub A shows the assignee hub B gave the task' });
  });

  it('refuses on one hub a token revoked on the other, though it had found it valid a moment before', async () => {
    const token = await a.tokenFor('scale-rex', 'agent');
    const onB = new SwitchboardHttp(b.url, token);
    expect((await onB.send('/help')).ok).to.equal(true);
    const admin = await a.connect();
    expect((await admin.command('/token-revoke @scale-rex --all')).text).to.equal('🔒 Revoked 1 token of @scale-rex');
    // Hub A tells B through Redis at once; without it B would honour the token for up to a minute.
    await eventually(async () => expect((await onB.send('/help')).ok).to.equal(false), { what: 'hub B refuses the revoked token', ms: 2000 });
  });
});
