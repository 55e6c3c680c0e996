import { expect } from 'chai';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { nextEvent, record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';


describe('collaboration: dependencies, subtasks, collaborators and handoffs', () => {
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let ada: SwitchboardClient;
  let bob: SwitchboardClient;
  let adaToken: string;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person'));
    adaToken = await t.tokenFor('ada', 'agent');
    ada = await t.connect(adaToken);
    bob = await t.connect(await t.tokenFor('bob', 'agent'));
    await admin.command('/sprints-create S-DEP --title="Dependencies"');
  });

  const create = (code: string, extra = '') => mia.command(`/task-create ${code} --title="${code} work" --sprint=S-DEP ${extra}`);
  // Notes reach the task document when folded (see TaskNotes): the stored task is read after that.
  const stored = async (code: string) => {
    await t.hub.services.tasks.notes.flush();
    return (await t.db.models.tasks.findOne({ code }).lean())!;
  };

  it('refuses a claim on a task that waits, naming what it waits for; when the last dependency is done the room and the assignee hear it', async () => {
    await create('D-1');
    await create('D-2');
    await create('D-3', '--assignee=@ada');
    const added = await mia.command('/task-depends D-3 --on=D-1,D-2');
    expect(added.text).to.equal('✅ D-3 depends on D-1, D-2');
    expect(await stored('D-3')).to.have.property('dependsOn').that.deep.equals(['D-1', 'D-2']);

    const refused = await refusal(ada, '/task-claim D-3');
    expect(refused.code).to.equal('not_ready');
    expect(refused.message).to.equal('D-3 is not ready: it waits for D-1 (todo), D-2 (todo). /tasks --ready lists what can start now.');

    const ready = (await mia.command('/tasks --sprint=S-DEP --ready')).data;
    expect(ready.rows.map((r) => r.code)).to.deep.equal(['D-1', 'D-2']);
    const all = (await mia.command('/tasks --sprint=S-DEP')).data;
    expect(all.rows.find((r) => r.code === 'D-3')!.waits).to.equal('D-1, D-2');

    await mia.join('task:D-3');
    const roomSays = record(mia, 'chat:message');
    const parcels = record(ada, 'parcel:new');
    await mia.command('/task-done D-1 "first half"');
    expect(roomSays.filter((m) => m.room === 'task:D-3' && m.kind === 'system' && /is ready/.test(m.text))).to.have.length(0);
    expect(parcels.filter((p) => p.parcel.kind === 'notice')).to.have.length(0);
    expect((await refusal(ada, '/task-claim D-3')).message).to.contain('waits for D-2 (todo)');

    await mia.command('/task-status D-2 --status=cancelled');
    await eventually(() => expect(roomSays.some((m) => m.room === 'task:D-3' && m.kind === 'system' && m.text === '🟢 D-3 is ready: D-2 is cancelled.')).to.equal(true));
    await eventually(() => expect(parcels.map((p) => p.parcel.subject)).to.include('D-3 is ready: D-2 is cancelled'));
    const claimed = await ada.command('/task-claim D-3');
    expect(claimed.text).to.match(/^✅ D-3 claimed by @ada/);
    expect((await mia.command('/task-detail D-3')).text).to.contain('depends on D-1, D-2 · ready');
  });

  it('answers the same over HTTP: not_ready is a 409 with the sentence, /tasks --ready a table', async () => {
    await create('HT-1');
    await create('HT-2', '--assignee=@ada');
    await mia.command('/task-depends HT-2 --on=HT-1');
    const res = await fetch(`${t.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adaToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line: '/task-claim HT-2' }),
    });
    expect(res.status).to.equal(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).to.deep.equal({
      code: 'not_ready',
      message: 'HT-2 is not ready: it waits for HT-1 (todo). /tasks --ready lists what can start now.',
    });
    const http = new SwitchboardHttp(t.url, adaToken);
    const ready = (await http.command('/tasks --sprint=S-DEP --ready')).data;
    expect(ready.rows.map((r) => r.code)).to.include('HT-1').and.not.include('HT-2');
  });

  it('tells the assignee "T-2 is ready: T-1 is done" when an agent finishes the dependency', async () => {
    await create('R-1', '--assignee=@bob');
    await create('R-2', '--assignee=@ada');
    await mia.command('/task-depends R-2 --on=R-1');
    const told = nextEvent(ada, 'parcel:new', (p) => p.parcel.task === 'R-2' && p.parcel.kind === 'notice');
    await bob.command('/task-claim R-1');
    await bob.command('/task-done R-1 "done"');
    expect((await told).parcel.subject).to.equal('R-2 is ready: R-1 is done');
  });

  it("puts tasks that wait after the ready ones in INIT's proposed plan, saying what they wait for", async () => {
    const planner = await t.connect(await t.tokenFor('planner', 'agent'));
    await create('W-0');
    await create('W-URGENT', '--assignee=@planner --priority=urgent');
    await create('W-LOW', '--assignee=@planner --priority=low');
    await mia.command('/task-depends W-URGENT --on=W-0');
    const steps = record(planner, 'agent:init');
    const ran = await planner.command('/init');
    expect(ran.data.result.plan).to.deep.equal(['W-LOW', 'W-URGENT']);
    await eventually(() => expect(steps.map((e) => e.detail).join('\n')).to.contain('W-URGENT (todo, urgent, waits for W-0)'));
  });

  it('refuses a cycle, naming it, and an unknown dependency; /task-undepend makes a task ready', async () => {
    await create('C-1');
    await create('C-2');
    await create('C-3');
    await mia.command('/task-depends C-2 --on=C-1');
    await mia.command('/task-depends C-3 --on=C-2');
    const cycle = await refusal(mia, '/task-depends C-1 --on=C-3');
    expect(cycle.code).to.equal('invalid_args');
    expect(cycle.message).to.equal('No dependency added: it would make a cycle C-1 → C-3 → C-2 → C-1. Remove one with /task-undepend.');
    expect((await refusal(mia, '/task-depends C-1 --on=C-1')).message).to.equal('C-1 cannot depend on itself.');
    expect((await refusal(mia, '/task-depends C-1 --on=NOPE-1')).code).to.equal('not_found');
    expect((await stored('C-1')).dependsOn).to.deep.equal([]);

    expect((await mia.command('/task-undepend C-3 --on=C-2')).text).to.equal('✅ C-3 no longer waits for C-2; it depends on nothing now');
    expect((await refusal(mia, '/task-undepend C-3 --on=C-1')).code).to.equal('not_found');
    // An agent cannot change dependencies of a task that is not its own.
    expect((await refusal(ada, '/task-depends C-3 --on=C-1')).code).to.equal('forbidden');
  });

  it('rolls subtasks up into the parent, which an agent cannot finish while one is open and a person can force', async () => {
    await create('P-1', '--assignee=@ada');
    await create('P-1A', '--parent=P-1');
    await create('P-1B', '--parent=P-1');
    expect((await stored('P-1A')).parent).to.equal('P-1');
    expect((await refusal(mia, '/task-create P-X --title=x --sprint=S-DEP --parent=NOPE')).code).to.equal('not_found');

    await mia.command('/task-done P-1A "half"');
    const detail = await mia.command('/task-detail P-1');
    expect(detail.text).to.contain('subtasks 1/2 done (50%): P-1A completed, P-1B todo');
    expect((await mia.command('/sprint-detail S-DEP')).text).to.contain('P-1B  P-1B work  (subtask of P-1)');

    const refused = await refusal(ada, '/task-done P-1 "all of it"');
    expect(refused.code).to.equal('invalid_transition');
    expect(refused.message).to.equal('P-1 has open subtasks: P-1B (todo); finish them first, or ask a person.');
    expect((await refusal(ada, '/task-done P-1 "all of it" --force')).code).to.equal('invalid_transition');
    expect((await refusal(mia, '/task-status P-1 --status=completed')).message).to.contain('force it with /task-done P-1 "summary" --force');
    await mia.command('/task-done P-1 "closing it anyway" --force');
    expect((await stored('P-1')).status).to.equal('completed');
  });

  it('gives collaborators the room and the rights without the assignment, and takes them back', async () => {
    await create('K-1', '--assignee=@ada');
    expect((await refusal(bob, '/task-note K-1 "may I?"')).code).to.equal('forbidden');
    expect((await refusal(bob, '/task-collaborators K-1 --add=@bob')).code).to.equal('forbidden');
    expect((await refusal(mia, '/task-collaborators K-1 --add=@ghost')).code).to.equal('not_found');

    expect((await mia.command('/task-collaborators K-1 --add=@bob')).text).to.equal('✅ Collaborators of K-1: @bob');
    await bob.join('task:K-1');
    await bob.command('/task-note K-1 "helping out"', 'task:K-1');
    const task = await stored('K-1');
    expect(task.assignee).to.equal('ada');
    expect(task.collaborators).to.deep.equal(['bob']);
    expect(task.context).to.contain('@bob: helping out');
    expect((await mia.command('/task-detail K-1')).text).to.contain('collaborators @bob');

    await mia.command('/task-collaborators K-1 --remove=@bob');
    expect((await refusal(bob, '/task-note K-1 "still here?"')).code).to.equal('forbidden');
    expect((await refusal(mia, '/task-collaborators K-1 --remove=@bob')).code).to.equal('not_found');
  });

  it('hands a claimed task off: the assignment and the claim move, the note is kept, the new assignee gets an assignment parcel', async () => {
    await create('H-1', '--assignee=@ada');
    await ada.command('/task-claim H-1');
    expect((await refusal(bob, '/task-handoff H-1 @bob "mine now"')).code).to.equal('forbidden');
    const assignment = nextEvent(bob, 'parcel:new', (p) => p.parcel.kind === 'assignment' && p.parcel.task === 'H-1');
    const done = await ada.command('/task-handoff H-1 @bob "tests for the parser are left"');
    expect(done.text).to.equal('✅ H-1 handed off to @bob');
    const task = await stored('H-1');
    expect(task).to.include({ assignee: 'bob', claimedBy: 'bob', status: 'in_progress' });
    expect(task.context).to.match(/@ada handed H-1 off to @bob\. What is left: tests for the parser are left$/);
    expect((await assignment).parcel.body).to.contain('What is left: tests for the parser are left');
    await bob.command('/task-note H-1 "on it"');
    expect((await refusal(ada, '/task-note H-1 "one more"')).code).to.equal('forbidden');
    expect((await refusal(mia, '/task-handoff H-1 @nobody "x"')).code).to.equal('not_found');
  });
});
