import { expect } from 'chai';
import type { AnalyticsData, LineOf } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { DailyStatDoc } from '../../server/db/models/daily-stat.js';
import { recordsOf, unpackCompletion, unpackMark, unpackStay } from '../../server/services/analytics/records.js';
import { runUpgrades } from '../../server/services/upgrades.js';
import { seedSprintHistory } from '../support/analytics-history.js';
import { ManualClock } from '../support/clock.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';

const H = 3_600_000;

/** The history of test/support/analytics-history.ts: every figure below follows from its moves by hand. */
describe('analytics from a seeded history', () => {
  let admin: SwitchboardClient;
  const clock = new ManualClock('2026-11-02T09:00:00Z');

  const t = withTestHub({ clock });
  before(async () => {
    ({ admin } = await seedSprintHistory(t, clock));
  });

  const report = async (line: LineOf<'analytics'> = '/analytics --sprint=S1 --wip=1') => {
    const result = await admin.command(line);
    expect(result.component).to.equal('Analytics');
    return { data: result.data, text: result.text };
  };

  it('logs every status change with from, to, who and when', async () => {
    const log = await admin.command('/activity --task=B');
    const rows = log.data.rows.map((r) => `${r.when} ${r.what}`);
    expect(rows).to.include('2026-11-04 15:00 moved B from review to in_progress');
    const res = await fetch(`${t.url}/api/orchestration/dashboard`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    const activity = ((await res.json()) as { recentActivity: { text: string; from?: string; to?: string; createdAt: string; actor: { name: string } }[] }).recentActivity;
    const g = activity.find((a) => a.text === 'moved G from todo to in_progress')!;
    expect(g).to.include({ from: 'todo', to: 'in_progress', createdAt: '2026-11-09T09:00:00.000Z' });
    expect(g.actor.name).to.equal('admin');
  });

  it('counts velocity per week and per sprint, and the burn-up day by day', async () => {
    const { data } = await report();
    expect(data.window).to.deep.include({ since: '2026-10-12T00:00:00.000Z', days: 30 });
    expect(data.velocity.weeks).to.have.length(12);
    expect(data.velocity.weeks.slice(-3)).to.deep.equal([
      { week: '2026-10-26', completed: 0 },
      { week: '2026-11-02', completed: 3 },
      { week: '2026-11-09', completed: 0 },
    ]);
    expect(data.velocity.sprints).to.deep.equal([{ code: 'S1', completed: 3, total: 7 }]);
    expect(data.burn.map((d) => `${d.day.slice(5)} ${d.done}/${d.scope}`)).to.deep.equal([
      '11-02 1/7',
      '11-03 1/7',
      '11-04 1/7',
      '11-05 2/7',
      '11-06 3/7',
      '11-07 3/7',
      '11-08 3/7',
      '11-09 3/7',
      '11-10 3/7',
    ]);
  });

  it('gives cycle and lead time percentiles overall, for the sprint and per assignee', async () => {
    const { data } = await report();
    expect(data.cycleTime.overall).to.deep.equal({ count: 3, p50: 24 * H, p85: 48 * H });
    expect(data.leadTime.overall).to.deep.equal({ count: 3, p50: 72 * H, p85: 96 * H });
    expect(data.cycleTime.sprint).to.deep.equal({ count: 3, p50: 24 * H, p85: 48 * H });
    expect(data.cycleTime.byAssignee).to.deep.equal([
      { name: 'alice', figures: { count: 2, p50: 4 * H, p85: 48 * H } },
      { name: 'bot', figures: { count: 1, p50: 24 * H, p85: 24 * H } },
    ]);
    expect(data.cycleTime.distribution.filter((b) => b.count).map((b) => `${b.label}:${b.count}`)).to.deep.equal(['4–24h:1', '1–2d:1', '2–4d:1']);
  });

  it('lists the bottlenecks, each with a link to its task', async () => {
    const { data, text } = await report();
    const b = data.bottlenecks;
    expect(b.thresholds).to.deep.equal([
      { status: 'in_progress', p85Ms: 96 * H, stays: 5 },
      { status: 'blocked', p85Ms: null, stays: 0 },
      { status: 'review', p85Ms: 6 * H, stays: 1 },
    ]);
    expect(b.overThreshold).to.deep.equal([{ code: 'D', title: 'Task D', status: 'review', assignee: 'bob', inStatusMs: 24 * H, thresholdMs: 6 * H, link: '/r/task:D' }]);
    expect(b.longestBlocked.map((x) => [x.code, x.inStatusMs, x.link])).to.deep.equal([['E', 120 * H, '/r/task:E']]);
    expect(b.reviewQueues).to.deep.equal([{ name: 'bob', waiting: 1, tasks: ['D'] }]);
    expect(b.wipOverLimit).to.deep.equal([{ name: 'bob', wip: 2, tasks: ['F', 'G'] }]);
    expect(text).to.contain('Over their status\'s p85: D (review 1d > 6h)').and.to.contain('Work in progress over 1: @bob 2');
  });

  it('forecasts the sprint with a seeded simulation: the same history gives the same dates', async () => {
    const first = (await report()).data.forecast!;
    expect(first).to.deep.include({ remaining: 4, sampleDays: 9, trials: 2000, endsAt: '2026-11-20' });
    expect([first.p50Date, first.p85Date, first.onTrack]).to.deep.equal(['2026-11-21', '2026-11-27', false]);
    const again = (await report()).data.forecast!;
    expect(again).to.deep.equal(first);
  });

  it('rates agents and counts usage per day, people vs agents', async () => {
    const { data } = await report();
    expect(data.agents).to.deep.equal([
      { name: 'bot', completed: 1, medianCycleMs: 24 * H, rejectedRate: null, reopenedRate: 0, initSuccessRate: null, messages: 0, commands: 1, runsSucceeded: 0, runsFailed: 0 },
    ]);
    const nov9 = data.usage.days.find((d) => d.day === '2026-11-09')!;
    expect(nov9).to.deep.include({
      commandsAgent: 1,
      // Three moves, /dashboard, and the upload over HTTP (which links the file with /artifact-upload).
      commandsHuman: 5,
      messagesHuman: 1,
      messagesAgent: 0,
      activeAgents: 1,
      tasksCompleted: 0,
      dashboardViews: 2,
      artifactsCreated: 1,
      artifactBytes: 7,
      artifactReads: 1,
    });
    const nov5 = data.usage.days.find((d) => d.day === '2026-11-05')!;
    expect(nov5).to.deep.include({ tasksCompleted: 1, avgLeadMs: 72 * H, commandsAgent: 0 });
    expect(data.usage.taskSuccessRate).to.equal(1);
  });

  it('GET /api/analytics answers the same data with a token, and explains a bad query', async () => {
    const get = (query: string, token: string | null = t.adminToken) =>
      fetch(`${t.url}/api/analytics${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const res = await get('?sprint=S1&wip=1');
    expect(res.status).to.equal(200);
    const body = (await res.json()) as AnalyticsData & { ok: boolean };
    const { data } = await report();
    expect({ ...body, ok: undefined, generatedAt: 0 }).to.deep.equal({ ...data, ok: undefined, generatedAt: 0 });
    expect((await get('', null)).status).to.equal(401);
    const bad = await get('?since=forever');
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).to.contain('30d');
    expect((await get('?sprint=NOPE')).status).to.equal(404);
  });

  it('refuses a bad window with the fix, over chat', async () => {
    const err = await refusal(admin, '/analytics --since=400d');
    expect(err.code).to.equal('invalid_args');
    expect(err.message).to.contain('between 1d and 84d');
  });

  it("queues a task in review under its reviewers: the task's, else its sprint's, else its assignee", async () => {
    for (const name of ['carol', 'dave', 'erin']) await t.tokenFor(name, 'person');
    await admin.command('/sprint-policy S1 --reviewers=@carol,@dave');
    expect((await report()).data.bottlenecks.reviewQueues).to.deep.equal([
      { name: 'carol', waiting: 1, tasks: ['D'] },
      { name: 'dave', waiting: 1, tasks: ['D'] },
    ]);
    await admin.command('/task-policy D --reviewers=@erin');
    expect((await report('/analytics --wip=1')).data.bottlenecks.reviewQueues).to.deep.equal([{ name: 'erin', waiting: 1, tasks: ['D'] }]);
  });

  it('gives the same figures from day documents stored by the previous version, once upgraded', async () => {
    const before = (await report()).data;
    const sealed = (await t.db.models.dailyStats.find({ scope: 'detail' }).lean()).map((d) => `${d.day} ${d.sealed ? 'sealed' : 'open'} ${d.done?.length ?? 0}`).sort();
    expect(sealed, 'the days that are over were folded by the first report').to.deep.equal(['2026-11-02 sealed 0', '2026-11-04 sealed 0', '2026-11-05 sealed 0', '2026-11-06 sealed 0', '2026-11-09 sealed 0']);
    // As the previous version stored them: every record on the hub's document, sprint changes as moves.
    const days = t.db.models.dailyStats.collection;
    const docs = (await days.find({}).toArray()) as unknown as DailyStatDoc[];
    const of = (day: string, scope: string) => docs.find((d) => d.day === day && d.scope === scope);
    for (const hub of docs.filter((d) => d.scope === 'hub')) {
      const detail = recordsOf(of(hub.day, 'detail') ?? {});
      const s1 = of(hub.day, 'sprint');
      const times = (n: number | undefined, move: { scope: number; done: number }) => Array.from({ length: n ?? 0 }, () => ({ s: 'S1', ...move }));
      await days.updateOne(
        { _id: hub._id as never },
        {
          $set: {
            done: detail.done.map((c) => ({ ...unpackCompletion(c), s: 'S1' })),
            marks: detail.marks.map(unpackMark),
            stays: detail.stays.map(unpackStay),
            sprintMoves: [...times(s1?.created, { scope: 1, done: 0 }), ...times(s1?.cancelled, { scope: -1, done: 0 }), ...times(s1?.reopened, { scope: 0, done: -1 })],
          },
        },
      );
    }
    expect(docs.filter((d) => d.scope === 'sprint').map((d) => d.name)).to.have.members(Array(docs.filter((d) => d.scope === 'sprint').length).fill('S1'));
    await days.deleteMany({ scope: { $in: ['detail', 'sprint'] } });
    await t.db.models.settings.deleteOne({ _id: 'dailyStats.split' });

    await runUpgrades(t.db.models);
    const after = (await report()).data;
    // Only today's command count moved: each report is a command.
    const today = (d: AnalyticsData) => ({ ...d, generatedAt: 0, usage: { ...d.usage, days: d.usage.days.map((u) => (u.day === '2026-11-10' ? { ...u, commandsHuman: 0 } : u)) } });
    expect(today(after)).to.deep.equal(today(before));
    const hubs = (await days.find({ scope: 'hub' }).toArray()) as Record<string, unknown>[];
    expect(hubs.filter((h) => 'done' in h || 'sprintMoves' in h || 'stays' in h || 'marks' in h), 'the records left the hub documents').to.deep.equal([]);
  });
});
