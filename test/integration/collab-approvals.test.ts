import { assert, expect } from 'chai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Approval } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { ManualClock } from '../support/clock.js';
import { nextEvent, record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { dataOf, mcpOverHttp, textOf } from '../support/mcp.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

type ApprovalResult = { approval: Approval };

describe('collaboration: review gates and approvals', () => {
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let sam: SwitchboardClient;
  let ada: SwitchboardClient;
  let adaToken: string;
  let mcp: Client | null = null;

  const clock = new ManualClock('2026-12-01T09:00:00Z');
  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await mcp?.close();
  });
  const t = withTestHub({ clock });
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person'));
    sam = await t.connect(await t.tokenFor('sam', 'person'));
    adaToken = await t.tokenFor('ada', 'agent');
    ada = await t.connect(adaToken);
    await admin.command('/sprints-create S-REV --title="Reviewed"');
  });

  const stored = async (code: string) => (await t.db.models.tasks.findOne({ code }).lean())!;

  it("sends an agent's /task-done to review under the sprint's policy; a rejection sends it back with a note and a parcel; an approval completes it", async () => {
    expect((await refusal(ada, '/sprint-policy S-REV --review=required')).code).to.equal('forbidden');
    expect((await refusal(mia, '/sprint-policy S-REV --review=required --reviewers=@ada')).message).to.equal('@ada is an agent; reviewers are people.');
    expect((await mia.command('/sprint-policy S-REV --review=required --reviewers=@mia')).text).to.equal('✅ Review in S-REV: required, by @mia');
    await mia.command('/task-create RV-1 --title="Parser" --sprint=S-REV --assignee=@ada');
    await ada.command('/task-claim RV-1');

    const asked = nextEvent(mia, 'parcel:new', (p) => p.parcel.task === 'RV-1' && p.parcel.kind === 'notice');
    const done = await ada.command('/task-done RV-1 "parser rewritten"');
    assert('approval' in done.data, 'a task that needs review is sent for it');
    const approval = done.data.approval;
    expect(done.text).to.equal(`🔎 RV-1 is waiting for review (${approval.id}); a person approves it with /task-approve RV-1`);
    expect(await stored('RV-1')).to.include({ status: 'review', summary: 'parser rewritten' });
    expect((await asked).parcel.subject).to.match(/^Review A-[A-Z0-9]{6} from @ada: Review RV-1 "Parser": parser rewritten$/);
    expect((await refusal(ada, '/task-status RV-1 --status=completed')).code).to.equal('forbidden');
    expect((await refusal(ada, '/task-approve RV-1')).code).to.equal('forbidden');
    expect((await refusal(ada, `/approve ${approval.id}`)).code).to.equal('forbidden');
    expect((await refusal(sam, '/task-approve RV-1')).message).to.equal(`${approval.id} is for @mia to decide.`);

    const sentBack = nextEvent(ada, 'parcel:new', (p) => p.parcel.task === 'RV-1' && p.parcel.subject.startsWith('RV-1 was sent back'));
    const rejected = await mia.command('/task-reject RV-1 "the tests are missing"');
    expect(rejected.text).to.equal('↩️ RV-1 sent back to in_progress: the tests are missing');
    expect((await sentBack).parcel.subject).to.equal('RV-1 was sent back by @mia: the tests are missing');
    const back = await stored('RV-1');
    expect(back.status).to.equal('in_progress');
    expect(back.context).to.match(/\[2026-12-01 09:00 UTC\] @mia rejected the review: the tests are missing$/);
    expect((await refusal(mia, '/task-approve RV-1')).message).to.equal('RV-1 is not waiting for a review; /approvals --status=pending lists what is.');

    await ada.command('/task-done RV-1 "parser rewritten, with tests"');
    const approved = nextEvent(ada, 'parcel:new', (p) => p.parcel.subject === 'RV-1 approved by @mia: lovely');
    expect((await mia.command('/task-approve RV-1 "lovely"')).text).to.equal('✅ RV-1 approved and completed');
    await approved;
    expect(await stored('RV-1')).to.include({ status: 'completed', summary: 'parser rewritten, with tests' });
    const list = (await mia.command('/approvals')).data;
    expect(list.rows.map((r) => `${r.kind} ${r.status}`)).to.deep.equal(['review approved', 'review denied']);
  });

  it('lets a task waive or require review on its own, and lets people finish their own work without one', async () => {
    await mia.command('/sprint-policy S-REV --review=required --reviewers=@mia');
    await mia.command('/task-create RV-2 --title="Docs" --sprint=S-REV --assignee=@ada');
    expect((await mia.command('/task-policy RV-2 --review=off')).text).to.equal('✅ Review of RV-2: off');
    await ada.command('/task-done RV-2 "docs written"');
    expect((await stored('RV-2')).status).to.equal('completed');
    await mia.command('/task-create RV-3 --title="Own" --sprint=S-REV');
    await mia.command('/task-done RV-3 "did it myself"');
    expect((await stored('RV-3')).status).to.equal('completed');
    expect((await mia.command('/task-policy RV-3 --review=sprint --reviewers=@sam')).text).to.equal('✅ Review of RV-3: required, by @sam (as its sprint)');
  });

  it('resolves an approval exactly once when two people answer at the same moment; the requester hears the outcome', async () => {
    const asked = await ada.command('/approval-request "May I drop the legacy table?" --approvers=@mia,@sam');
    const { id } = asked.data.approval;
    const outcome = nextEvent(ada, 'parcel:new', (p) => p.parcel.subject.startsWith(`${id} `));
    const answers = await Promise.all([mia.send('lobby', `/approve ${id} "go"`), sam.send('lobby', `/deny ${id} "not yet"`)]);
    const won = answers.filter((a) => a.ok);
    const lost = answers.filter((a) => !a.ok);
    expect(won).to.have.length(1);
    expect(lost).to.have.length(1);
    const winner = answers[0]!.ok ? 'mia' : 'sam';
    const verdict = winner === 'mia' ? 'approved' : 'denied';
    if (!lost[0]!.ok) expect(lost[0]!.error.message).to.match(new RegExp(`^${id} was already ${verdict} by @${winner} at `));
    const doc = (await t.db.models.approvals.findById(id).lean())!;
    expect(doc).to.include({ status: verdict, decidedBy: winner });
    expect((await outcome).parcel.subject).to.equal(`${id} ${verdict} by @${winner}: ${winner === 'mia' ? 'go' : 'not yet'}`);
    expect((await refusal(mia, `/approve ${id}`)).code).to.equal('invalid_transition');
    expect((await refusal(mia, '/approve A-NOPE00')).code).to.equal('not_found');
    expect((await refusal(mia, '/approve 42')).code).to.equal('invalid_args');
    expect((await refusal(ada, '/approval-request "x" --approvers=@ada')).message).to.contain('only people approve');
  });

  it('expires an unanswered approval as denied on the injected clock, telling the requester', async () => {
    const asked = await ada.command('/approval-request "Deploy on Friday?" --expires=2h');
    const { id } = asked.data.approval;
    expect((await ada.command('/approvals --status=pending')).text).to.contain(id);
    const told = nextEvent(ada, 'parcel:new', (p) => p.parcel.subject === `${id} expired (counted as denied)`);
    clock.advance(60 * 60_000);
    await t.hub.dueWork.idle();
    expect((await t.db.models.approvals.findById(id).lean())!.status).to.equal('pending');
    clock.advance(61 * 60_000);
    await told;
    expect((await t.db.models.approvals.findById(id).lean())!.status).to.equal('expired');
    expect((await refusal(mia, `/approve ${id}`)).message).to.match(new RegExp(`^${id} was already expired at `));
  });

  it('keeps secrets out of the question and the comment it posts and stores', async () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const asked = await ada.command(`/approval-request "May I use ${key} for the upload?"`);
    const { id, question } = asked.data.approval;
    expect(question).to.not.contain(key);
    await mia.command(`/deny ${id} "never paste ${key} anywhere"`);
    const stored = (await t.db.models.approvals.findById(id).lean())!;
    expect(JSON.stringify(stored)).to.not.contain(key);
    const said = await t.db.models.messages.find({ room: 'lobby', kind: 'system', text: new RegExp(id) }).lean();
    expect(said).to.have.length(2);
    for (const m of said) expect(m.text).to.not.contain(key);
  });

  it('shows people what waits for them on the dashboard, and agents nothing', async () => {
    await mia.command('/sprint-policy S-REV --review=required --reviewers=@mia');
    const asked = await ada.command('/approval-request "Rename the repo?"');
    const { id } = asked.data.approval;
    await mia.command('/task-create RV-4 --title="Cache" --sprint=S-REV --assignee=@ada');
    await ada.command('/task-done RV-4 "cached"');
    const board = (await mia.command('/dashboard')).data;
    expect(board.waitingForYou!.approvals.map((a) => a.id)).to.include(id);
    expect(board.waitingForYou!.reviews.map((r) => r.code)).to.deep.equal(['RV-4']);
    expect((await mia.command('/dashboard')).text).to.contain('Waiting for you:');
    expect((await ada.command('/dashboard')).data.waitingForYou!.approvals).to.deep.equal([]);
    // An agent lists only what it asked for.
    const mine = (await ada.command('/approvals --status=pending')).data;
    expect(mine.rows.every((r) => r.from === '@ada')).to.equal(true);
    await mia.command(`/deny ${id} "no"`);
  });

  it('works through MCP: an agent asks, a person approves, the agent reads the outcome', async () => {
    mcp = await mcpOverHttp(t.url, adaToken);
    const asked = await mcp.callTool({ name: 'approval_request', arguments: { question: 'Bump the major version?', approvers: '@sam' } });
    expect(asked.isError, textOf(asked)).to.not.equal(true);
    const { id } = dataOf<ApprovalResult>(asked).approval;
    const denied = await mcp.callTool({ name: 'approve', arguments: { id } });
    expect(denied.isError).to.equal(true);
    const inbox = record(ada, 'parcel:new');
    await sam.command(`/approve ${id} "yes"`);
    await eventually(() => expect(inbox.map((p) => p.parcel.subject)).to.include(`${id} approved by @sam: yes`));
    const listed = await mcp.callTool({ name: 'approvals', arguments: {} });
    expect(textOf(listed)).to.contain(id);
  });
});
