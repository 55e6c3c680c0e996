import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { launchChromium, openPage } from '../support/browser.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

/** A person decides in the dashboard's "Waiting for you": Approve / Deny a question, Reject / Approve a review. */
describe('web client: "Waiting for you" in a real Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  let bot: SwitchboardClient;
  let miaToken: string;
  const pageErrors: string[] = [];

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await browser?.close();
  });
  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    miaToken = await t.tokenFor('mia', 'person');
    bot = await t.connect(await t.tokenFor('bot', 'agent'));
    await admin.command('/sprints-create S-W --title="Reviewed work"');
    await admin.command('/sprint-policy S-W --review=required --reviewers=@mia');
    await admin.command('/task-create W-1 --title="Write the parser" --sprint=S-W --assignee=@bot');
    browser = await launchChromium();
    page = await openPage(browser, { width: 1440, height: 900 }, pageErrors);
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  const status = async (code: string) => (await t.db.models.tasks.findOne({ code }).lean())!.status;
  const approval = async (id: string) => (await t.db.models.approvals.findById(id).lean())!;
  const panel = () => page.getByRole('region', { name: 'Waiting for you' });

  it('approves a question and denies another with a reason, by clicking', async () => {
    const ship = (await bot.command('/approval-request "Ship tonight?" --approvers=@mia')).data.approval;
    const drop = (await bot.command('/approval-request "Drop the old table?" --approvers=@mia')).data.approval;
    await page.goto(t.url);
    await page.getByLabel('Access token').fill(miaToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Dashboard/ }).click();
    await panel().getByText('Ship tonight?').waitFor();

    await panel().getByRole('button', { name: `Approve ${ship.id}` }).click();
    await eventually(async () => (await approval(ship.id)).status === 'approved', { what: `${ship.id} approved`, ms: 8000 });
    await panel().getByText('Ship tonight?').waitFor({ state: 'detached' });

    expect(await panel().getByRole('button', { name: `Deny ${drop.id}` }).isDisabled()).to.equal(true);
    await panel().getByRole('textbox', { name: `Reason to deny ${drop.id}` }).fill('we still read it "sometimes"');
    await panel().getByRole('button', { name: `Deny ${drop.id}` }).click();
    await eventually(async () => (await approval(drop.id)).status === 'denied', { what: `${drop.id} denied`, ms: 8000 });
    expect((await approval(drop.id)).comment).to.equal('we still read it "sometimes"');
  });

  it('rejects a review with a reason, then approves the next one, by clicking', async () => {
    await bot.command('/task-claim W-1');
    await bot.command('/task-done W-1 "parser written"');
    await panel().getByText('Review of W-1').waitFor();
    await panel().getByRole('textbox', { name: 'Reason to reject W-1' }).fill('no tests yet');
    await panel().getByRole('button', { name: 'Reject W-1' }).click();
    await eventually(async () => (await status('W-1')) === 'in_progress', { what: 'W-1 sent back', ms: 8000 });
    expect((await t.db.models.tasks.findOne({ code: 'W-1' }).lean())!.context).to.contain('@mia rejected the review: no tests yet');
    await panel().getByText('Review of W-1').waitFor({ state: 'detached' });

    await bot.command('/task-done W-1 "parser written, with tests"');
    await panel().getByText('Review of W-1').waitFor();
    await panel().getByRole('button', { name: 'Approve W-1' }).click();
    await eventually(async () => (await status('W-1')) === 'completed', { what: 'W-1 completed', ms: 8000 });
    await panel().getByText('Nothing waits for your decision.').waitFor();
  });

  it("approves an agent's run and denies another, by clicking", async () => {
    const ask = async (command: string) => (await bot.command(`/run "${command}" --task=W-1`)).data.run.id;
    const build = await ask('make build');
    const wipe = await ask('rm -rf /workspace/cache');
    await panel().getByText('Run on W-1: make build').waitFor();
    await panel().getByRole('button', { name: `Approve ${build}` }).click();
    await eventually(async () => (await t.db.models.runs.findOne({ _id: build }).lean())!.status === 'queued', { what: `${build} approved`, ms: 8000 });
    await panel().getByRole('textbox', { name: `Reason to deny ${wipe}` }).fill('not the cache');
    await panel().getByRole('button', { name: `Deny ${wipe}` }).click();
    await eventually(async () => (await t.db.models.runs.findOne({ _id: wipe }).lean())!.reason === 'denied by @mia: not the cache', { what: `${wipe} denied`, ms: 8000 });
    await panel().getByText('Nothing waits for your decision.').waitFor();
  });
});
