import { assert, expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { Timeline, on } from '../support/timeline.js';
import { refusal } from '../support/refusal.js';


describe('sprint and task commands', () => {
  let admin: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await admin.command('/sprints-create S-CMD --title="Commands"');
  });

  const task = async (code: string) => (await admin.command(`/task-detail ${code}`)).data.task;

  it('creates a task with a priority and an assignee, reads codes in any case, and refuses a second one with the same code', async () => {
    const created = await admin.command('/task-create t-cmd-1 --title="Lower-case code" --sprint=s-cmd --priority=urgent --assignee=@Alice');
    expect(created.text).to.equal('✅ Task T-CMD-1 created in S-CMD: Lower-case code (@alice)');
    expect(await task('t-cmd-1')).to.include({ code: 'T-CMD-1', sprint: 'S-CMD', priority: 'urgent', assignee: 'alice', status: 'todo', context: '' });
    expect((await refusal(admin, '/task-create T-CMD-1 --title=Again --sprint=S-CMD')).code).to.equal('already_exists');
    expect((await refusal(admin, '/task-create T-CMD-X --title=Prio --sprint=S-CMD --priority=asap')).message).to.match(/priority must be one of low, medium, high, urgent/);
  });

  it('assigns with /task-assign @name, unassigns with --none, and tells the task room', async () => {
    await admin.command('/task-create T-CMD-2 --title="To assign" --sprint=S-CMD');
    await admin.join('task:T-CMD-2');
    const tl = new Timeline(admin);
    expect((await admin.command('/task-assign T-CMD-2 @bob')).text).to.equal('✅ T-CMD-2 assigned to @bob');
    await tl.waitFor([on('task:updated', 'assignee change', (e) => e.change === 'assignee' && e.task.assignee === 'bob')]);
    const mine = (await admin.command('/tasks --assignee=@bob')).data;
    expect(mine.rows.map((r) => r.code)).to.deep.equal(['T-CMD-2']);
    expect((await admin.command('/task-assign T-CMD-2 --none')).text).to.equal('✅ T-CMD-2 is unassigned');
    expect((await task('T-CMD-2')).assignee).to.equal(null);
    expect((await refusal(admin, '/task-assign T-CMD-2')).message).to.match(/give @name or --none/);
    expect((await refusal(admin, '/task-assign T-CMD-2 @bob --none')).code).to.equal('invalid_args');
  });

  it('appends with /task-context --append, replaces with --replace, and wants exactly one of them', async () => {
    await admin.command('/task-create T-CMD-3 --title="Context" --sprint=S-CMD');
    await admin.command('/task-context T-CMD-3 --append="line one"');
    await admin.command('/task-context T-CMD-3 --append="line two\\nline three"');
    expect((await task('T-CMD-3')).context).to.equal('line one\n\nline two\nline three');
    const replaced = await admin.command('/task-context T-CMD-3 --replace="a fresh start"');
    expect(replaced.text).to.equal('✅ Context of T-CMD-3 replaced');
    expect((await task('T-CMD-3')).context).to.equal('a fresh start');
    for (const line of ['/task-context T-CMD-3', '/task-context T-CMD-3 --append=a --replace=b']) {
      const e = await refusal(admin, line);
      expect([e.code, e.message], line).to.deep.equal(['invalid_args', 'Invalid --append: give exactly one of --append or --replace.']);
    }
    expect((await task('T-CMD-3')).context).to.equal('a fresh start');
  });

  it('stamps each note with the time and the author, and keeps them in order', async () => {
    await admin.command('/task-create T-CMD-4 --title="Notes" --sprint=S-CMD');
    await admin.command('/task-note T-CMD-4 first');
    await admin.command('/task-note T-CMD-4 the rest of the line is the note');
    const notes = (await task('T-CMD-4')).context.split('\n\n');
    expect(notes).to.have.length(2);
    expect(notes[0]).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d UTC\] @admin: first$/);
    expect(notes[1]).to.match(/@admin: the rest of the line is the note$/);
  });

  it('follows the task life cycle: done sets summary and completion time, reopening clears the time', async () => {
    await admin.command('/task-create T-CMD-5 --title="Life cycle" --sprint=S-CMD');
    await admin.command('/task-status T-CMD-5 --status=in_progress');
    const started = await task('T-CMD-5');
    expect(started.startedAt).to.be.a('string');
    await admin.command('/task-done T-CMD-5 "shipped"');
    expect(await task('T-CMD-5')).to.include({ status: 'completed', summary: 'shipped' }).and.to.have.property('completedAt').that.is.a('string');
    await admin.command('/task-status T-CMD-5 --status=in_progress');
    const reopened = await task('T-CMD-5');
    expect(reopened).to.include({ status: 'in_progress', completedAt: null, startedAt: started.startedAt });
    await admin.command('/task-status T-CMD-5 --status=cancelled');
    const e = await refusal(admin, '/task-done T-CMD-5 "from cancelled"');
    expect([e.code, e.message]).to.deep.equal(['invalid_transition', 'Task T-CMD-5 is cancelled and cannot become completed.']);
    expect((await task('T-CMD-5')).summary).to.equal('shipped');
  });

  it('lists sprints with progress (completed over tasks not cancelled), filters by status, and moves sprints', async () => {
    await admin.command('/sprints-create S-PROG --title="Progress"');
    for (const c of ['P-1', 'P-2', 'P-3', 'P-4']) await admin.command(`/task-create ${c} --title=${c} --sprint=S-PROG`);
    await admin.command('/task-done P-1 "done"');
    await admin.command('/task-status P-2 --status=cancelled');
    const detail = (await admin.command('/sprint-detail S-PROG')).data;
    expect(detail.sprint.progress).to.deep.equal({
      total: 4,
      percentDone: 33,
      byStatus: { todo: 2, in_progress: 0, blocked: 0, review: 0, completed: 1, cancelled: 1 },
    });
    expect(detail.tasks.todo.map((x) => x.code)).to.deep.equal(['P-3', 'P-4']);

    expect((await admin.command('/sprint-status S-PROG --status=active')).text).to.equal('✅ Sprint S-PROG is active');
    const active = (await admin.command('/sprints --status=active')).data;
    expect(active.rows).to.deep.equal([{ code: 'S-PROG', title: 'Progress', status: 'active', tasks: 4, done: '33%' }]);
    expect((await admin.command('/sprints')).data.rows).to.have.length.of.at.least(2);
    const e = await refusal(admin, '/sprint-status S-CMD --status=completed');
    expect(e.code).to.equal('invalid_transition');
    expect((await refusal(admin, '/sprints --status=someday')).code).to.equal('invalid_args');
  });

  it('filters /tasks by sprint, status and assignee together, and says when nothing matches', async () => {
    await admin.command('/sprints-create S-FILT --title="Filters"');
    for (const c of ['F-1', 'F-2', 'F-3', 'F-4']) await admin.command(`/task-create ${c} --title=${c} --sprint=S-FILT`);
    await admin.command('/task-done F-1 "done"');
    await admin.command('/task-status F-2 --status=cancelled');
    const rows = (await admin.command('/tasks --sprint=S-FILT --status=todo')).data.rows;
    expect(rows.map((r) => r.code)).to.deep.equal(['F-3', 'F-4']);
    const none = await admin.command('/tasks --sprint=S-FILT --status=review');
    expect(none.text).to.equal('No tasks match S-FILT, review.');
    expect((await admin.command('/tasks --sprint=S-FILT --limit=1')).data.rows).to.have.length(1);
  });

  it('explains itself: /help lists the commands, /help <command> one of them, with a suggestion for a typo', async () => {
    const all = (await admin.command('/help')).data;
    assert('commands' in all, '/help alone lists the commands');
    expect(all.commands.map((c) => c.name)).to.include.members(['/sprints-create', '/task-create', '/task-note', '/task-done', '/tasks-status', '/agent-log']);
    const one = await admin.command('/help task-done');
    expect(one.text.split('\n')[0]).to.equal('/task-done CODE "summary" [--report="markdown"]');
    const e = await refusal(admin, '/help task-dne');
    expect([e.code, e.message]).to.deep.equal(['unknown_command', 'There is no /task-dne. Did you mean /task-done?']);
  });

  it('lands every one of many concurrent /task-note (and --append) from several clients on one task', async function () {
    this.timeout(30000);
    await admin.command('/task-create T-BUSY --title="Everyone writes here" --sprint=S-CMD');
    const writers = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map(async (n) => t.connect(await t.tokenFor(n, 'person'))));
    const watcher = await t.connect();
    await watcher.join('task:T-BUSY');
    const tl = new Timeline(watcher);
    const perWriter = 8;
    const acks = await Promise.all([
      ...writers.flatMap((w, i) => Array.from({ length: perWriter }, (_, j) => w.send('task:T-BUSY', `/task-note T-BUSY "note ${i}-${j}"`))),
      ...[1, 2, 3].map((k) => admin.send('task:T-BUSY', `/task-context T-BUSY --append="appended ${k}"`)),
    ]);
    const refused = acks.filter((a) => !a.ok);
    expect(refused.map((a) => (a.ok ? '' : `${a.error.code}: ${a.error.message}`)), 'every note accepted').to.deep.equal([]);

    const context = (await task('T-BUSY')).context;
    const notes = context.split('\n\n').filter((n) => !n.startsWith('appended '));
    expect(notes).to.have.length(writers.length * perWriter);
    expect(context.split('\n\n').filter((n) => n.startsWith('appended ')).sort()).to.deep.equal(['appended 1', 'appended 2', 'appended 3']);
    for (const [i] of writers.entries()) {
      for (let j = 0; j < perWriter; j++) expect(notes.filter((n) => n.endsWith(`: note ${i}-${j}`)), `note ${i}-${j}`).to.have.length(1);
    }
    await tl.waitFor([on('task:updated', 'the last write, with every note', (e) => e.task.context.split('\n\n').length === writers.length * perWriter + 3)]);
    const activity = (await admin.command('/activity --task=T-BUSY --limit=100')).data;
    expect(activity.rows.filter((r) => String(r.what).startsWith('noted on T-BUSY'))).to.have.length(writers.length * perWriter);
  });
});
