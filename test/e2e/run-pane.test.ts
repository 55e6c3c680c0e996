import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { Runner } from '../../client/runner/runner.js';
import { launchChromium, openPage } from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { noSandboxLeft, runEnded, startRunner } from '../support/runners.js';

const UID = 62800;

/** A task's runs as terminal panes in a real Chromium: live output with colours, Cancel, the end. */
describe('web client: run panes in a task room, in a real Chromium', function () {
  this.timeout(60000);
  let t: TestHub;
  let browser: Browser;
  let page: Page;
  let mia: SwitchboardClient;
  let runner: Runner;
  const pageErrors: string[] = [];

  before(async () => {
    t = await startTestHub();
    const admin = await t.connect();
    const miaToken = await t.tokenFor('mia', 'person', 'member');
    mia = await t.connect(miaToken);
    await admin.command('/sprints-create S-P --title="Panes"');
    await admin.command('/task-create P-1 --title="Build it" --sprint=S-P');
    runner = await startRunner(t, 'runner-p', { slots: 2, sandboxUid: UID });
    browser = await launchChromium();
    page = await openPage(browser, { width: 1440, height: 900 }, pageErrors, 10000);
    await page.goto(t.url);
    await page.getByLabel('Access token').fill(miaToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    await page.goto(`${t.url}/r/task:P-1`);
  });
  after(async () => {
    await browser?.close();
    await runner?.close();
    await t?.stop();
    await noSandboxLeft([UID, UID + 1]);
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  const pane = (id: string) => page.getByRole('article', { name: `Run ${id}` });

  it('follows a run live, renders its colours, and shows its outcome and log at the end', async () => {
    const { run } = (await mia.command(`/run "printf '\\\\033[31mred alert\\\\033[0m\\\\n'; for i in 1 2 3 4 5; do echo step $i; sleep 0.3; done; exit 2" --task=P-1`, 'task:P-1')).data;
    await pane(run.id).getByText('step 2').waitFor();
    // Live: it is still running while its output shows.
    expect(await pane(run.id).getByRole('button', { name: `Cancel ${run.id}` }).count()).to.equal(1);
    const red = pane(run.id).locator('span', { hasText: 'red alert' });
    expect(await red.getAttribute('style')).to.match(/color:\s*rgb\(187,\s*0,\s*0\)/);
    await pane(run.id).getByRole('status').filter({ hasText: /exit 2 in \d+\.\ds/ }).waitFor();
    expect(await pane(run.id).getByRole('button', { name: `Cancel ${run.id}` }).count()).to.equal(0);
    await pane(run.id).getByRole('button', { name: 'output.log' }).waitFor();
    expect(await pane(run.id).getByLabel(`Output of ${run.id}`).innerText()).to.contain('step 5');
  });

  it('cancels a run with its Cancel button', async () => {
    const { run } = (await mia.command('/run "echo started; sleep 38.5" --task=P-1', 'task:P-1')).data;
    await pane(run.id).getByText('started').waitFor();
    await pane(run.id).getByRole('button', { name: `Cancel ${run.id}` }).click();
    expect((await runEnded(t, run.id)).status).to.equal('cancelled');
    await pane(run.id).getByRole('status').filter({ hasText: 'cancelled' }).waitFor();
  });

  it('shows a late reader the output so far', async () => {
    const { run } = (await mia.command('/run "echo before; sleep 0.5; echo after" --task=P-1', 'task:P-1')).data;
    await runEnded(t, run.id);
    await page.reload();
    const text = await pane(run.id).getByLabel(`Output of ${run.id}`);
    await text.getByText('after').waitFor();
    expect(await text.innerText()).to.equal('before\nafter\n');
  });

  it("lists the task's runs in the Details pane", async () => {
    const details = page.getByRole('button', { name: 'Details', exact: true });
    if ((await details.getAttribute('aria-pressed')) !== 'true') await details.click();
    const list = page.getByRole('list', { name: 'Runs of P-1' });
    await list.waitFor();
    const runs = await t.db.models.runs.find({ task: 'P-1' }).lean();
    expect(runs).to.have.length(3);
    for (const r of runs) await list.locator(`li[data-run="${r._id}"]`).waitFor();
    expect(await list.locator('li').first().innerText()).to.match(/exit 0 in \d+\.\ds/);
    expect(await list.innerText()).to.contain('exit 2').and.contain('cancelled');
  });
});
