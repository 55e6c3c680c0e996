import { expect } from 'chai';
import type { ChatMessage, LineOf } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { ManualClock } from '../support/clock.js';
import { record } from '../support/events.js';
import { startTestHub, withTestHub, type TestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

const HOUR = 3_600_000;

describe('collaboration: scheduled commands on an injected clock', () => {
  let t: TestHub;
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let miaToken: string;
  let seen: ChatMessage[];
  const extraHubs: RunningHub[] = [];

  const clock = new ManualClock('2026-12-01T09:00:00Z');
  before(async () => {
    t = await startTestHub({ clock });
    admin = await t.connect();
    miaToken = await t.tokenFor('mia', 'person');
    mia = await t.connect(miaToken);
    await admin.command('/sprints-create S-SCH --title="Scheduled"');
    await admin.join('sprint:S-SCH');
    seen = record(admin, 'chat:message');
  });
  after(async () => {
    for (const h of extraHubs) await h.close();
    await t.stop();
  });

  const inRoom = (room: string, pattern: RegExp) => seen.filter((m) => m.room === room && m.kind === 'system' && pattern.test(m.text));
  const create = async (client: SwitchboardClient, line: LineOf<'schedule-create'>, room = 'sprint:S-SCH') => (await client.command(line, room)).data.schedule;

  it('runs an interval schedule as its creator at each occurrence, posting the command and its result in its room', async () => {
    const s = await create(mia, '/schedule-create --every=1h "/sprint-status S-SCH --status=active"');
    expect(s).to.include({ room: 'sprint:S-SCH', createdBy: 'mia', active: true, nextAt: '2026-12-01T10:00:00.000Z' });
    clock.advance(30 * 60_000);
    await t.hub.dueWork.idle();
    expect(inRoom('sprint:S-SCH', /^⏰ SCH-/)).to.have.length(0);

    clock.advance(30 * 60_000);
    const line = '/sprint-status S-SCH --status=active';
    await eventually(() => expect(seen.filter((m) => m.kind === 'result' && m.replyTo === seen.find((c) => c.kind === 'command' && c.text === line)?.id)).to.have.length(1));
    expect((await t.db.models.sprints.findOne({ code: 'S-SCH' }).lean())!.status).to.equal('active');
    const [notice] = inRoom('sprint:S-SCH', new RegExp(`^⏰ ${s.id}: running`));
    expect(notice!.text).to.equal(`⏰ ${s.id}: running /sprint-status S-SCH --status=active as @mia for 2026-12-01 10:00 UTC.`);
    const command = seen.find((m) => m.kind === 'command' && m.text === line)!;
    expect(command.sender.name).to.equal('mia');
    expect(seen.indexOf(notice!)).to.be.lessThan(seen.indexOf(command));
    const listed = (await mia.command('/schedules')).text;
    expect(listed).to.contain(s.id).and.contain('every 1h').and.contain('2026-12-01 11:00');
    await mia.command(`/schedule-delete ${s.id}`);
  });

  it('follows a cron pattern in its time zone, and pauses and resumes', async () => {
    // 10:30 in Berlin is 09:30 UTC in winter.
    const s = await create(mia, '/schedule-create "30 10 * * *" "/sprint-detail S-SCH" --tz=Europe/Berlin');
    expect(s.nextAt).to.equal('2026-12-02T09:30:00.000Z');
    await mia.command(`/schedule-pause ${s.id}`);
    clock.set('2026-12-02T09:31:00Z');
    await t.hub.dueWork.idle();
    expect(inRoom('sprint:S-SCH', new RegExp(`^⏰ ${s.id}`))).to.have.length(0);
    expect((await mia.command(`/schedule-pause ${s.id} --resume`)).text).to.equal(`▶️ ${s.id} resumed; next at 2026-12-03 09:30 UTC`);
    clock.set('2026-12-03T09:30:00Z');
    await eventually(() => expect(inRoom('sprint:S-SCH', new RegExp(`^⏰ ${s.id}: running /sprint-detail S-SCH as @mia for 2026-12-03 09:30 UTC`))).to.have.length(1));
    await mia.command(`/schedule-delete ${s.id}`);
  });

  it('runs each occurrence exactly once with two hubs on one database', async () => {
    const second = await startHub({ db: t.db, port: 0, host: '127.0.0.1', clock });
    extraHubs.push(second);
    const s = await create(mia, '/schedule-create --every=1h "/sprints"');
    for (let i = 0; i < 3; i++) {
      clock.advance(HOUR);
      await Promise.all([t.hub.dueWork.idle(), second.dueWork.idle()]);
    }
    const runs = await t.db.models.scheduleRuns.find({ schedule: s.id }).sort({ occurrence: 1 }).lean();
    expect(runs.map((r) => r.ok)).to.deep.equal([true, true, true]);
    // Each hub broadcasts to its own sockets (no Redis adapter here): count what is stored.
    const stored = await t.db.models.messages.find({ room: 'sprint:S-SCH', $or: [{ kind: 'system', text: new RegExp(`^⏰ ${s.id}: running`) }, { kind: 'command', text: '/sprints' }] }).lean();
    expect(stored.filter((m) => m.kind === 'system')).to.have.length(3);
    expect(stored.filter((m) => m.kind === 'command')).to.have.length(3);
    await mia.command(`/schedule-delete ${s.id}`);
  });

  it('catches up occurrences missed while no hub ran with one run at start, and says so', async () => {
    const s = await create(mia, '/schedule-create --every=1h "/sprints"');
    await t.hub.close();
    for (const h of extraHubs.splice(0)) await h.close();
    clock.advance(3 * HOUR + 60_000);
    const restarted = await startHub({ db: t.db, port: 0, host: '127.0.0.1', clock });
    extraHubs.push(restarted);
    await eventually(async () => (await t.db.models.scheduleRuns.countDocuments({ schedule: s.id })) === 1, { what: 'the missed run' });
    await restarted.dueWork.idle();
    const [message] = await t.db.models.messages.find({ room: 'sprint:S-SCH', kind: 'system', text: new RegExp(`^⏰ ${s.id}`) }).lean();
    expect(message!.text).to.contain('2 earlier occurrences were missed while no hub was running; this one run stands for them.');
    const after = (await t.db.models.schedules.findById(s.id).lean())!;
    expect(after.nextAt!.getTime()).to.be.greaterThan(clock.now().getTime());
    await restarted.services.schedules.remove({ principal: { id: 'x', name: 'admin', kind: 'person', role: 'admin' }, emit: () => undefined }, s.id);
  });
});

describe('collaboration: schedules refused, and stopped when their creator loses the right', () => {
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let ada: SwitchboardClient;

  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const t = withTestHub({ clock });
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person'));
    ada = await t.connect(await t.tokenFor('ada', 'agent'));
    await admin.command('/sprints-create S-BAD --title="Refusals"');
  });

  it('refuses bad patterns, zones, lines and agents with a reason', async () => {
    expect((await refusal(mia, '/schedule-create "every morning" "/sprints"')).message).to.match(/^"every morning" is not a cron pattern: .* Like "0 9 \* \* 1-5"/);
    expect((await refusal(mia, '/schedule-create "0 9 * * *" "/sprints" --tz=Mars/Olympus')).message).to.equal('"Mars/Olympus" is not a time zone: use an IANA name like Europe/Berlin or UTC.');
    expect((await refusal(mia, '/schedule-create "0 9 * * *" "sprints"')).code).to.equal('invalid_args');
    expect((await refusal(mia, '/schedule-create "0 9 * * *" "/nope"')).code).to.equal('unknown_command');
    expect((await refusal(mia, '/schedule-create --every=1h "/schedule-delete SCH-AAAAAA"')).message).to.equal('/schedule-delete cannot be scheduled.');
    expect((await refusal(mia, '/schedule-create --every=10s "/sprints"')).code).to.equal('invalid_args');
    expect((await refusal(mia, '/schedule-create --every=1h "/sprints" --room=sprint:NOPE')).code).to.equal('not_found');
    expect((await refusal(ada, '/schedule-create --every=1h "/sprints"')).code).to.equal('forbidden');
    expect((await refusal(mia, '/schedule-pause SCH-AAAAAA')).code).to.equal('not_found');
  });

  it('posts a refusal at run time, and pauses a schedule whose creator lost every token', async () => {
    const failing = (await mia.command('/schedule-create --every=1h "/task-note NOPE-1 hello" --room=sprint:S-BAD')).data.schedule;
    const other = (await admin.command('/schedule-create --every=1h "/sprints"')).data.schedule;
    expect((await refusal(mia, `/schedule-delete ${other.id}`)).code).to.equal('forbidden');
    clock.advance(HOUR);
    await t.hub.dueWork.idle();
    const said = async () => (await t.db.models.messages.find({ room: 'sprint:S-BAD', kind: 'system' }).lean()).map((m) => m.text);
    expect(await said()).to.include(`⚠️ ${failing.id}: /task-note NOPE-1 hello was refused (not_found): There is no task NOPE-1; /tasks lists them.`);

    await admin.command('/token-revoke @mia --all');
    clock.advance(HOUR);
    await t.hub.dueWork.idle();
    expect(await said()).to.include(`⏸️ ${failing.id} paused: @mia has no valid token any more, so /task-note NOPE-1 hello no longer runs. /schedule-pause ${failing.id} --resume once they have one.`);
    expect((await t.db.models.schedules.findById(failing.id).lean())!.active).to.equal(false);
    await admin.command(`/schedule-delete ${other.id}`);
  });
});
