import { assert, expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { ManualClock } from '../support/clock.js';
import { nextEvent, record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

/**
 * A whole sprint made from a template: two agents take dependent tasks in the right order, one
 * hands off, a review is rejected then approved, and a scheduled report posts on the injected clock.
 */
describe('collaboration flow: a sprint from a template, end to end', () => {
  let lead: SwitchboardClient;
  let api: SwitchboardClient;
  let web: SwitchboardClient;

  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const t = withTestHub({ clock });
  before(async () => {
    lead = await t.connect(await t.tokenFor('lead', 'person'));
    api = await t.connect(await t.tokenFor('api-bot', 'agent'));
    web = await t.connect(await t.tokenFor('web-bot', 'agent'));
    // The model sprint the template is made from: an endpoint, then the page that uses it.
    await lead.command('/sprints-create S-MODEL --title="Feature model"');
    await lead.command('/task-create ENDPOINT --title="Add the endpoint" --sprint=S-MODEL --priority=high');
    await lead.command('/task-create PAGE --title="Build the page" --sprint=S-MODEL');
    await lead.command('/task-depends PAGE --on=ENDPOINT');
    await lead.command('/template-create feature --from-sprint=S-MODEL');
  });

  it('runs the sprint in dependency order, through a handoff and a review, with a daily report', async () => {
    await lead.command('/sprints-create S-F1 --title="Feature one" --template=feature --prefix=F1');
    await lead.command('/sprint-policy S-F1 --review=required --reviewers=@lead');
    await lead.command('/sprint-status S-F1 --status=active');
    await lead.command('/task-assign F1-1 @api-bot');
    await lead.command('/task-assign F1-2 @web-bot');
    await lead.join('sprint:S-F1');
    const sprintRoom = record(lead, 'chat:message');
    const report = (await lead.command('/schedule-create "0 9 * * *" "/sprint-detail S-F1" --room=sprint:S-F1')).data;

    // The page waits for the endpoint: web-bot is told so, api-bot starts.
    const early = await refusal(web, '/task-claim F1-2');
    expect([early.code, early.message]).to.deep.equal(['not_ready', 'F1-2 is not ready: it waits for F1-1 (todo). /tasks --ready lists what can start now.']);
    await api.command('/task-claim F1-1');
    await api.command('/task-note F1-1 "route and schema done"');

    // api-bot hands the endpoint to web-bot with what is left.
    const handed = nextEvent(web, 'parcel:new', (p) => p.parcel.kind === 'assignment' && p.parcel.task === 'F1-1');
    await api.command('/task-handoff F1-1 @web-bot "only the error cases are left"');
    expect((await handed).parcel.body).to.contain('only the error cases are left');

    // web-bot finishes it; the review is rejected, then approved.
    const review = (await web.command('/task-done F1-1 "endpoint with error cases"')).data;
    assert('approval' in review, 'a task that needs review is sent for it');
    expect(review.approval).to.include({ kind: 'review', task: 'F1-1', status: 'pending' });
    const sentBack = nextEvent(web, 'parcel:new', (p) => p.parcel.subject.startsWith('F1-1 was sent back'));
    await lead.command('/task-reject F1-1 "the 404 case returns 500"');
    await sentBack;
    expect((await t.db.models.tasks.findOne({ code: 'F1-1' }).lean())!.status).to.equal('in_progress');
    expect((await refusal(web, '/task-claim F1-2')).code).to.equal('not_ready');

    await web.command('/task-note F1-1 "404 fixed"');
    await web.command('/task-done F1-1 "endpoint with error cases, 404 fixed"');
    const ready = nextEvent(web, 'parcel:new', (p) => p.parcel.subject === 'F1-2 is ready: F1-1 is done');
    await lead.command('/task-approve F1-1 "good"');
    await ready;

    // Now the page can start.
    expect((await web.command('/task-claim F1-2')).text).to.match(/^✅ F1-2 claimed by @web-bot/);

    // At 09:00 the daily report posts in the sprint room, as the lead's /sprint-detail.
    clock.set('2026-12-07T09:00:00Z');
    await eventually(() => {
      const result = sprintRoom.find((m) => m.kind === 'result' && m.room === 'sprint:S-F1' && m.text.startsWith('S-F1 · Feature one · active'));
      expect(result, 'the scheduled report').to.not.equal(undefined);
      expect(result!.text).to.contain('F1-1  Add the endpoint  @web-bot');
      expect(result!.text).to.contain('F1-2  Build the page  @web-bot');
    });
    expect(sprintRoom.some((m) => m.kind === 'system' && m.text.startsWith(`⏰ ${report.schedule.id}: running /sprint-detail S-F1 as @lead`))).to.equal(true);
    const done = await t.db.models.tasks.find({ sprint: 'S-F1' }).sort({ code: 1 }).lean();
    expect(done.map((d) => [d.code, d.status])).to.deep.equal([
      ['F1-1', 'completed'],
      ['F1-2', 'in_progress'],
    ]);
  });
});
