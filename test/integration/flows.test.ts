import { expect } from 'chai';
import { resultOfLine, type ChatSendAck, type SprintUpdatedEvent, type TaskStatus, type TaskUpdatedEvent } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { Timeline, on, type Expected } from '../support/timeline.js';

type Ok = Extract<ChatSendAck, { ok: true }>;

/** Sends a line and insists it was accepted; the ack carries the stored command message and the result. */
async function run(client: SwitchboardClient, room: string, line: string): Promise<Ok> {
  const ack = await client.send(room, line);
  if (!ack.ok) expect.fail(`${line} was refused: ${ack.error.code}: ${ack.error.message}`);
  expect(ack.message).to.include({ kind: 'command', text: line, room });
  return ack;
}

/**
 * A watcher in the room where the command was typed: it must see the stored command, then the
 * stored result replying to it, and only after both, every domain event the command caused.
 */
async function seesCommandThen(tl: Timeline, ack: Ok, events: Expected[]): Promise<unknown[]> {
  const [asked, answered, ...domain] = await tl.waitFor([
    on('chat:message', `the command "${ack.message.text}"`, (m) => m.id === ack.message.id && m.kind === 'command'),
    on('chat:message', 'its result', (m) => m.kind === 'result' && m.replyTo === ack.message.id),
    ...events,
  ]);
  expect(asked!.index, 'command before result').to.be.lessThan(answered!.index);
  const result = answered!.payload as Ok['message'];
  expect(result.result).to.deep.equal(ack.result);
  expect(result.sender.kind).to.equal('system');
  for (const d of domain) expect(d.index, `${d.what} arrives after the command's messages`).to.be.greaterThan(answered!.index);
  return domain.map((d) => d.payload);
}

/** A watcher elsewhere: only the domain events. */
async function sees(tl: Timeline, events: Expected[]): Promise<unknown[]> {
  return (await tl.waitFor(events)).map((f) => f.payload);
}

const taskEvent = (code: string, change: string, also: (e: TaskUpdatedEvent) => boolean = () => true) =>
  on('task:updated', `task:updated ${change} of ${code}`, (e) => e.task.code === code && e.change === change && also(e));
const progress = (code: string, counts: Partial<Record<TaskStatus, number>>, percentDone: number) =>
  on('sprint:updated', `sprint:updated of ${code} with ${JSON.stringify(counts)}, ${percentDone}% done`, (e: SprintUpdatedEvent) => {
    const p = e.sprint.progress;
    return e.sprint.code === code && !!p && p.percentDone === percentDone && Object.entries(counts).every(([s, n]) => p.byStatus[s as TaskStatus] === n);
  });
const activity = (type: string, actor: string) => on('activity:new', `activity ${type} by @${actor}`, (e) => e.activity.type === type && e.activity.actor.name === actor);

describe('the plan\'s flows, end to end over the socket', () => {
  let dana: SwitchboardClient;
  let claude: SwitchboardClient;
  let lobbyWatcher: SwitchboardClient;
  let sprintWatcher: SwitchboardClient;
  let taskWatcher: SwitchboardClient;
  let lobby: Timeline;
  let sprintRoom: Timeline;
  let taskRoom: Timeline;

  const t = withTestHub();
  before(async () => {
    dana = await t.connect(await t.tokenFor('dana', 'person'));
    claude = await t.connect(await t.tokenFor('claude', 'agent'));
    lobbyWatcher = await t.connect(await t.tokenFor('lou', 'person'));
    sprintWatcher = await t.connect(await t.tokenFor('sam', 'person'));
    taskWatcher = await t.connect(await t.tokenFor('tia', 'person'));
    await lobbyWatcher.join('lobby');
    lobby = new Timeline(lobbyWatcher);
    sprintRoom = new Timeline(sprintWatcher);
    taskRoom = new Timeline(taskWatcher);
  });
  beforeEach(() => {
    for (const tl of [lobby, sprintRoom, taskRoom]) tl.clear();
  });

  it('For Humans: /sprints-create, /task-create, then /sprint-detail and /tasks show it; each room hears each step', async () => {
    const sprint = await run(dana, 'lobby', '/sprints-create SPRINT-CODE --title="Sprint Title"');
    expect(sprint.result?.text).to.equal('✅ Sprint SPRINT-CODE created: Sprint Title');
    const [created] = await seesCommandThen(lobby, sprint, [
      on('sprint:updated', 'sprint:updated created', (e) => e.sprint.code === 'SPRINT-CODE' && e.change === 'created'),
      activity('sprint.created', 'dana'),
    ]);
    expect((created as SprintUpdatedEvent).sprint).to.include({ title: 'Sprint Title', status: 'planned' });
    expect((created as SprintUpdatedEvent).by.name).to.equal('dana');

    await sprintWatcher.join('sprint:SPRINT-CODE');
    lobby.clear();
    const task = await run(dana, 'sprint:SPRINT-CODE', '/task-create T-CODE --title="Task Title" --sprint=SPRINT-CODE');
    const [taskCreated] = await seesCommandThen(sprintRoom, task, [taskEvent('T-CODE', 'created'), progress('SPRINT-CODE', { todo: 1 }, 0)]);
    expect((taskCreated as TaskUpdatedEvent).task).to.include({ code: 'T-CODE', title: 'Task Title', sprint: 'SPRINT-CODE', status: 'todo', priority: 'medium' });
    await sees(lobby, [activity('task.created', 'dana'), progress('SPRINT-CODE', { todo: 1 }, 0)]);
    expect(lobby.of('chat:message'), 'the lobby does not hear what was typed in the sprint room').to.be.empty;

    const detail = (await dana.command('/sprint-detail SPRINT-CODE', 'sprint:SPRINT-CODE')).data;
    expect(detail.sprint.progress).to.include({ total: 1, percentDone: 0 });
    expect(detail.tasks.todo.map((x) => x.code)).to.deep.equal(['T-CODE']);
    const none = (await dana.command('/tasks --sprint=SPRINT-CODE --status=in_progress')).data;
    expect(none.rows).to.be.empty;

    await dana.command('/task-status T-CODE --status=in_progress', 'sprint:SPRINT-CODE');
    const busy = (await dana.command('/tasks --sprint=SPRINT-CODE --status=in_progress')).data;
    expect(busy.rows.map((r) => r.code)).to.deep.equal(['T-CODE']);
    const history = await dana.history({ room: 'sprint:SPRINT-CODE' });
    expect(history.map((m) => m.kind)).to.deep.equal(['command', 'result', 'command', 'result', 'command', 'result']);
  });

  it('For Agents: an agent checks its tasks, starts, notes, extends the context, logs and finishes; people watch it happen', async () => {
    await dana.command('/sprints-create S-AGENT --title="Agents at work"');
    await dana.command('/task-create T-TASK-01 --title="Build X" --sprint=S-AGENT --assignee=@claude --priority=high');
    await dana.command('/task-create T-TASK-02 --title="Build W" --sprint=S-AGENT');
    await sprintWatcher.join('sprint:S-AGENT');
    await taskWatcher.join('task:T-TASK-01');
    for (const tl of [lobby, sprintRoom, taskRoom]) tl.clear();
    const room = 'task:T-TASK-01';

    const mine = (await claude.command('/tasks --assignee=@me', 'agent:claude')).data;
    expect(mine.rows.map((r) => r.code)).to.deep.equal(['T-TASK-01']);

    const started = await run(claude, room, '/task-status T-TASK-01 --status=in_progress');
    expect(started.result?.text).to.equal('✅ Task T-TASK-01 marked as in_progress');
    const [moved] = await seesCommandThen(taskRoom, started, [taskEvent('T-TASK-01', 'status', (e) => e.task.status === 'in_progress')]);
    expect((moved as TaskUpdatedEvent).by).to.include({ name: 'claude', kind: 'agent' });
    expect((moved as TaskUpdatedEvent).task.startedAt).to.be.a('string');
    await sees(sprintRoom, [taskEvent('T-TASK-01', 'status'), progress('S-AGENT', { in_progress: 1, todo: 1 }, 0)]);
    await sees(lobby, [activity('task.status', 'claude'), progress('S-AGENT', { in_progress: 1, todo: 1 }, 0)]);

    // The people's view while the agent works.
    const busy = (await dana.command('/tasks --sprint=S-AGENT --status=in_progress')).data;
    expect(busy.rows.map((r) => r.code)).to.deep.equal(['T-TASK-01']);
    const during = (await dana.command('/sprint-detail S-AGENT')).data;
    expect(during.tasks.in_progress.map((x) => x.code)).to.deep.equal(['T-TASK-01']);
    expect(during.tasks.todo.map((x) => x.code)).to.deep.equal(['T-TASK-02']);

    const note = await run(claude, room, '/task-note T-TASK-01 "Working on X, found Y issue"');
    await seesCommandThen(taskRoom, note, [taskEvent('T-TASK-01', 'note', (e) => e.task.context.endsWith('@claude: Working on X, found Y issue'))]);
    await sees(sprintRoom, [taskEvent('T-TASK-01', 'note')]);
    await sees(lobby, [activity('task.note', 'claude')]);

    const context = await run(claude, room, '/task-context T-TASK-01 --append="Y comes from Z; fixed in parser.ts"');
    const [extended] = await seesCommandThen(taskRoom, context, [taskEvent('T-TASK-01', 'context')]);
    expect((extended as TaskUpdatedEvent).task.context).to.match(/@claude: Working on X, found Y issue\n\nY comes from Z; fixed in parser\.ts$/);
    await sees(sprintRoom, [taskEvent('T-TASK-01', 'context')]);
    await sees(lobby, [activity('task.context', 'claude')]);

    taskRoom.clear();
    const log = await run(claude, room, '/agent-log "Running the test suite before handing over"');
    await seesCommandThen(taskRoom, log, []);
    const [logged] = await sees(lobby, [activity('agent.log', 'claude')]);
    expect((logged as { activity: { text: string } }).activity.text).to.equal('Running the test suite before handing over');
    expect(taskRoom.of('task:updated'), 'a log line changes no task').to.be.empty;

    const done = await run(claude, room, '/task-done T-TASK-01 "Completed successfully. Files: X, Y, Z"');
    expect(done.result?.text).to.equal('✅ Task T-TASK-01 marked complete');
    const [finished] = await seesCommandThen(taskRoom, done, [taskEvent('T-TASK-01', 'done')]);
    expect((finished as TaskUpdatedEvent).task).to.include({ status: 'completed', summary: 'Completed successfully. Files: X, Y, Z' });
    expect((finished as TaskUpdatedEvent).task.completedAt).to.be.a('string');
    await sees(sprintRoom, [taskEvent('T-TASK-01', 'done'), progress('S-AGENT', { completed: 1, todo: 1, in_progress: 0 }, 50)]);
    await sees(lobby, [activity('task.done', 'claude'), progress('S-AGENT', { completed: 1 }, 50)]);

    // What the people see afterwards: the sprint half done, the task with all the agent wrote.
    const after = (await dana.command('/sprint-detail S-AGENT')).data;
    expect(after.sprint.progress).to.include({ total: 2, percentDone: 50 });
    expect(after.tasks.completed.map((x) => x.code)).to.deep.equal(['T-TASK-01']);
    expect((await dana.command('/tasks --sprint=S-AGENT --status=in_progress')).data.rows).to.be.empty;
    const task = (await dana.command('/task-detail T-TASK-01')).data.task;
    expect(task.context).to.contain('Working on X, found Y issue').and.to.contain('Y comes from Z');
    expect(task.summary).to.equal('Completed successfully. Files: X, Y, Z');
    // The task room's history: the assignment notice, then each of the agent's
    // commands, each followed by the hub's answer.
    const stored = await taskWatcher.history({ room });
    expect(stored[0]!.text).to.equal('New task assigned: Build X → @claude');
    expect(stored.map((m) => `${m.kind} by ${m.sender.name}`)).to.deep.equal(['system by switchboard', ...Array(5).fill(['command by claude', 'result by switchboard']).flat()]);
    expect(stored.filter((m) => m.kind === 'command').map((m) => m.text.split(' ')[0])).to.deep.equal(['/task-status', '/task-note', '/task-context', '/agent-log', '/task-done']);
  });

  it('/tasks-status C1,C2,C3 moves all three at once: each task announced, then the sprint progress', async () => {
    await dana.command('/sprints-create S-BULK --title="Bulk moves"');
    for (const c of ['C1', 'C2', 'C3']) await dana.command(`/task-create ${c} --title="Task ${c}" --sprint=S-BULK`);
    await sprintWatcher.join('sprint:S-BULK');
    sprintRoom.clear();

    const bulk = await run(dana, 'sprint:S-BULK', '/tasks-status C1,C2,C3 --status=in_progress');
    expect(bulk.result?.text).to.equal('✅ 3 tasks marked as in_progress: C1, C2, C3');
    expect(resultOfLine('/tasks-status', bulk.result!).data.tasks.map((x) => x.status)).to.deep.equal(['in_progress', 'in_progress', 'in_progress']);
    await seesCommandThen(sprintRoom, bulk, [
      ...['C1', 'C2', 'C3'].map((c) => taskEvent(c, 'status', (e) => e.task.status === 'in_progress')),
      progress('S-BULK', { in_progress: 3, todo: 0 }, 0),
    ]);
    const order = sprintRoom.seen.filter((s) => s.event !== 'chat:message').map((s) => (s.payload as { change: string }).change);
    expect(order.at(-1), 'the last event is the sprint with all three moved').to.equal('progress');
    await sees(lobby, ['C1', 'C2', 'C3'].map((c) => on('activity:new', `activity for ${c}`, (e) => e.activity.task === c && e.activity.type === 'task.status')));
    const rows = (await dana.command('/tasks --sprint=S-BULK --status=in_progress')).data.rows;
    expect(rows.map((r) => r.code)).to.deep.equal(['C1', 'C2', 'C3']);
  });
});
