import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded/index.js';
import { dayOf } from '../../server/services/analytics/days.js';
import { dailyId } from '../../server/services/analytics/daily-stats.js';
import { logQueries, unindexedQueries } from '../support/query-log.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { followRun } from '../../client/sdk/index.js';
import { runEnded, startRunner } from '../support/runners.js';
import { eventually } from '../support/wait.js';

/**
 * Every query the hub makes must be one PostgreSQL can answer from an index. The hub runs on a
 * database of its own whose planner may not scan a table when any index serves (enable_seqscan
 * off), goes through a day of everyday work on every interface, and each distinct filter it sent
 * is explained: a plan that still reads a whole table names a query no index serves, which is
 * what a new command must not quietly add.
 */
describe('every query is index-backed (FerretDB on PostgreSQL, explained)', function () {
  let dir: string;
  let embedded: EmbeddedDatabase;
  let t: TestHub;

  before(async function () {
    if (process.env.MONGODB_URI) {
      console.log('    (skipped: MONGODB_URI is set, and the check reads PostgreSQL plans of the embedded database)');
      this.skip();
    }
    this.timeout(60000);
    dir = mkdtempSync(join(tmpdir(), 'switchboard-plans-'));
    embedded = await startEmbeddedDatabase(dir, { postgresSettings: ['enable_seqscan=off'] });
    t = await startTestHub({ uri: embedded.uri, leaseCheckMs: 200 });
  });

  after(async function () {
    this.timeout(30000);
    await t?.stop();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function run(client: SwitchboardClient, room: string, lines: string[]): Promise<void> {
    for (const line of lines) {
      const ack = await client.send(room, line);
      expect(ack.ok, `${line} -> ${ack.ok ? '' : `${ack.error.code}: ${ack.error.message}`}`).to.equal(true);
    }
  }

  it('answers a day of commands, joins, views and downloads without reading any table whole', async function () {
    this.timeout(60000);
    const log = logQueries(t.db);
    const admin = await t.connect();
    const dana = await t.connect(await t.tokenFor('dana', 'person', 'member'));
    const botToken = await t.tokenFor('bot', 'agent');
    await run(dana, 'lobby', [
      '/sprints-create S-1 --title="First"',
      '/sprint-status S-1 --status=active',
      '/task-create T-1 --title="One" --sprint=S-1 --priority=high',
      '/task-create T-2 --title="Two" --sprint=S-1 --assignee=@bot',
      '/task-create T-3 --title="Three" --sprint=S-1',
      '/task-assign T-1 @bot',
      '/room-invite @bot task:T-3',
      '/message-send @bot "Spec" "Read the spec" --task=T-1',
      '/broadcast "Stand-up at ten"',
      '/artifact-upload --content="# Spec" --name=spec.md --task=T-1 --doc',
      '/artifact-upload --content="plan" --name=plan.md --sprint=S-1',
      '/artifact-upload --content="about" --name=about.md --project',
    ]);
    const bot = await t.connect(botToken);
    await run(bot, 'agent:bot', [
      '/init',
      '/init-confirm --start',
      '/agent-register bot --role=backend --capabilities=ts',
      '/agent-status busy --task=T-1',
      '/task-claim T-1',
      '/task-note T-1 "Started"',
      '/task-context T-1 --append="More"',
      '/task-status T-1 --status=review',
      '/task-done T-2 "Done" --report="# Report"',
      '/memory-set plan "step one"',
      '/memory-set scratch "x" --ephemeral',
      '/memory-get plan',
      '/memory-list',
      '/memory-forget scratch',
      '/messages-check',
      '/messages-check --status=all',
      '/agent-log "working" --task=T-1',
      '/task-release T-1',
    ]);
    const inbox = await bot.command('/messages-check --status=all');
    const parcelId = inbox.data.rows[0]!.id;
    await run(bot, 'agent:bot', [`/message-read ${parcelId}`, `/message-send @dana "Re: Spec" "Read" --reply-to=${parcelId}`]);
    // A finished day's detail with records not yet folded: the first report folds them.
    const yesterday = dayOf(new Date(Date.now() - 86_400_000));
    await t.db.models.dailyStats.create({ _id: dailyId(yesterday, 'detail'), day: yesterday, scope: 'detail', name: null, done: ['bot 3600000 7200000'], stays: ['review 60000'] });
    await run(dana, 'lobby', [
      '/analytics',
      '/analytics --sprint=S-1 --since=7d',
      '/help',
      '/help task-note',
      '/sprints',
      '/sprints --status=active',
      '/sprint-detail S-1',
      '/tasks --sprint=S-1 --limit=20',
      '/tasks --status=todo',
      '/tasks --assignee=@bot',
      '/task-detail T-1',
      '/tasks-status T-1,T-3 --status=in_progress',
      '/agents',
      '/agents --status=online',
      '/agent-detail bot',
      '/activity',
      '/activity --task=T-1',
      '/activity --sprint=S-1',
      '/activity --by=@bot --since=1h',
      '/dashboard',
      '/artifacts T-1',
      '/artifacts S-1 --all',
      '/artifacts project',
      '/docs',
      '/docs --task=T-1',
      '/artifact-preview sb://artifacts/by-task/T-1/spec.md',
      '/artifact-link sb://artifacts/by-task/T-1/spec.md --task=T-3',
      '/docs-quickref',
      '/docs-agents',
      '/orchestration',
      '/messages-check',
      '/room-uninvite @bot task:T-3',
    ]);
    const link = await dana.command('/artifact-download sb://artifacts/by-task/T-1/spec.md');
    expect(await (await fetch(link.data.url)).text()).to.equal('# Spec');
    const folder = join(dir, 'delegation');
    mkdirSync(join(folder, 'sprints/S-OLD'), { recursive: true });
    mkdirSync(join(folder, 'backlog'), { recursive: true });
    writeFileSync(join(folder, 'sprints/S-OLD/plan.md'), '# Plan\nfe://artifacts/project/about.md\n');
    writeFileSync(join(folder, 'backlog/idea.md'), '# An idea\n');
    await run(admin, 'agent:admin', ['/tokens @bot', '/token-create @carol --kind=person', `/docs-import ${folder} --create-missing --all-files --archive`]);
    await dana.join('task:T-1');
    await dana.history({ room: 'task:T-1', before: 3 });
    for (const view of ['dashboard', 'directory', 'sprints/S-1', 'tasks/T-1', 'artifacts?task=T-1']) {
      const res = await fetch(`${t.url}/api/orchestration/${view}`, { headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(res.status, view).to.equal(200);
    }
    // Runs: asked for, approved, claimed by a runner, streamed, followed, finished; the hub's sweeps.
    await run(dana, 'lobby', ['/task-policy T-2 --agent-runs=approve']);
    const runner = await startRunner(t, 'plans-runner', { slots: 1, sandboxUid: 62600 });
    try {
      const asked = await dana.command('/run "echo planned; mkdir -p out; echo x > out/a.txt" --task=T-1 --outputs=out/*.txt');
      const id = asked.data.run.id;
      const ended = await runEnded(t, id);
      expect(ended.status).to.equal('succeeded');
      const follower = await followRun(dana, id, () => undefined);
      await follower.finished;
      follower.stop();
      const pending = (await bot.command('/run "echo from bot" --task=T-2')).data.run.id;
      const denied = (await bot.command('/run "echo denied" --task=T-2')).data.run.id;
      await run(dana, 'lobby', [`/run-approve ${pending}`, `/run-deny ${denied} "no"`, '/runs', '/runs --task=T-1', '/runs --status=queued', `/run-detail ${id}`, `/run-log ${id} --tail=5`]);
      await runEnded(t, pending);
      const slow = (await dana.command('/run "sleep 34.5" --task=T-1')).data.run.id;
      await eventually(async () => (await t.db.models.runs.findOne({ _id: slow }).lean())?.status === 'running', { what: 'the slow run started' });
      await run(dana, 'lobby', [`/run-cancel ${slow}`]);
      await runEnded(t, slow);
      t.hub.dueWork.kick();
      await t.hub.dueWork.idle();
    } finally {
      await runner.close();
    }
    const auth = { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' };
    const marked = await fetch(`${t.url}/api/read-marks`, { method: 'PUT', headers: auth, body: JSON.stringify({ room: 'lobby', seq: 2 }) });
    expect(marked.status, 'read mark').to.equal(200);
    for (const view of ['read-marks?rooms=lobby,agent:admin,task:T-1', 'inbox?limit=20']) {
      const res = await fetch(`${t.url}/api/${view}`, { headers: auth });
      expect(res.status, view).to.equal(200);
    }
    bot.close();
    log.stop();

    expect(log.queries.length, 'queries were logged').to.be.greaterThan(50);
    expect((await t.db.models.dailyStats.findById(dailyId(yesterday, 'detail')).lean())?.sealed, 'the report folded a finished day').to.equal('d bot 3600000 7200000\ns review 60000');
    const offenders = await unindexedQueries(t.db, log.queries);
    expect(offenders, `queries no index serves:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
