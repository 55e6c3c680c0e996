import { expect } from 'chai';
import type { LineOf } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { record } from '../support/events.js';
import { ManualClock } from '../support/clock.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

const DAY = 86_400_000;
const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

describe('/activity --agent and --since', () => {
  let t: TestHub;
  let admin: SwitchboardClient;
  // Over HTTP: no chat session, so no INIT lines of its own in the log.
  let scout: SwitchboardHttp;

  before(async () => {
    // History the hub already holds: a line three days old, made on a clock set back.
    const clock = new ManualClock(new Date(Date.now() - 3 * DAY));
    t = await startTestHub({ clock });
    admin = await t.connect();
    scout = new SwitchboardHttp(t.url, await t.tokenFor('scout', 'agent'));
    await scout.command('/agent-log "looked around long ago"');
    clock.set(new Date());
    await scout.command('/agent-log "read the code"');
    await admin.command('/agent-log "wrote the plan"');
  });
  after(async () => {
    await t.stop();
  });

  const what = async (line: LineOf<'activity'>) => (await admin.command(line)).data.rows.map((r) => r.what);

  it('--agent=@name shows what that agent did, like --by', async () => {
    expect(await what('/activity --agent=@scout')).to.deep.equal(['read the code', 'looked around long ago']);
    expect(await what('/activity --by=@scout')).to.deep.equal(await what('/activity --agent=scout'));
    expect(await what('/activity --by=@scout --agent=@scout')).to.have.length(2);
  });

  it('--since takes a duration back from now or a date, and combines with the other filters', async () => {
    expect(await what('/activity --agent=@scout --since=1d')).to.deep.equal(['read the code']);
    expect(await what('/activity --agent=@scout --since=4d')).to.deep.equal(['read the code', 'looked around long ago']);
    expect(await what(`/activity --agent=@scout --since=${day(2 * DAY)}`)).to.deep.equal(['read the code']);
    expect(await what(`/activity --agent=@scout --since=${day(4 * DAY)}T00:00Z`)).to.have.length(2);
    expect(await what('/activity --since=1h')).to.include.members(['read the code', 'wrote the plan']).and.not.include('looked around long ago');
    const none = await admin.command('/activity --since=2999-01-01');
    expect([none.text, none.data.rows.length]).to.deep.equal(['No activity matches.', 0]);
  });

  it('refuses a --since that is neither, and two different actors', async () => {
    for (const since of ['yesterday', '2026-02-31', '2026-11-30T25:00', '1.5h']) {
      const ack = await admin.send('lobby', `/activity --since=${since}`);
      expect(ack.ok, since).to.equal(false);
      if (!ack.ok) expect([ack.error.code, ack.error.message], since).to.deep.equal(['invalid_args', `Invalid --since: "${since}" is neither a duration (like 30m, 1h, 2d) nor a date (like 2026-11-30 or 2026-11-30T09:00Z).`]);
    }
    const ack = await admin.send('lobby', '/activity --by=@scout --agent=@admin');
    expect(ack.ok).to.equal(false);
    if (!ack.ok) expect([ack.error.code, ack.error.message]).to.deep.equal(['invalid_args', 'Invalid --agent: give --by or --agent, not two different names.']);
  });

  it('sends activity:new to the lobby and to the rooms of its task and sprint', async () => {
    await admin.command('/sprints-create S-ACT --title="Activity rooms"');
    await admin.command('/task-create T-ACT-1 --title="Watched" --sprint=S-ACT');
    const inTask = await t.connect();
    const inSprint = await t.connect();
    await inTask.join('task:T-ACT-1');
    await inSprint.join('sprint:S-ACT');
    const taskSide = record(inTask, 'activity:new');
    const sprintSide = record(inSprint, 'activity:new');
    await admin.command('/task-note T-ACT-1 "seen where it happens"');
    await eventually(() => expect(taskSide.map((e) => e.activity.type)).to.deep.equal(['task.note']));
    await eventually(() => expect(sprintSide.map((e) => e.activity.text)).to.deep.equal(['noted on T-ACT-1: seen where it happens']));
    inTask.close();
    inSprint.close();
  });
});
