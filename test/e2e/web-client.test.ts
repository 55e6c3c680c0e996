import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { launchChromium, openPage, screenshotDir } from '../support/browser.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

const value = async (l: Locator, attribute: string) => (await l.getAttribute(attribute, { timeout: 2000 })) ?? '';

describe('web client in a real Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  let bot: SwitchboardClient | null = null;
  let botToken: string;
  const pageErrors: string[] = [];
  const { dir: shots, cleanup: removeShots } = screenshotDir();

  const composer = () => page.getByRole('combobox', { name: /^Message / });
  const timeline = () => page.getByRole('log');
  const option = (name: string | RegExp) => page.getByRole('option', { name });
  const typeInComposer = (text: string) => composer().pressSequentially(text, { delay: 5 });

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    bot?.close();
    await browser?.close();
    removeShots();
  });
  const t = withTestHub();
  before(async () => {
    botToken = await t.tokenFor('bot', 'agent');
    browser = await launchChromium();
    page = await openPage(browser, { width: 1440, height: 900 }, pageErrors);
  });

  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  it('signs in with a token and opens the lobby with its rooms', async () => {
    await page.goto(t.url);
    await page.getByLabel('Access token').fill('sbt_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That token was not accepted').waitFor();
    await page.getByLabel('Access token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /Lobby/ }).waitFor();
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('link', { name: /My inbox/ }).waitFor();
    await rooms.getByRole('link', { name: /Dashboard/ }).waitFor();
  });

  it('creates a sprint and a task through the composer, picking commands, codes and names from the autocomplete', async () => {
    await composer().click();
    await typeInComposer('/sprints-cr');
    await option(/\/sprints-create/).waitFor();
    await composer().press('Enter');
    expect(await composer().inputValue()).to.equal('/sprints-create ');
    expect(await page.getByText('/sprints-create CODE --title="Sprint title"').count()).to.equal(1);
    await typeInComposer('S-1 --title="Launch week"');
    await composer().press('Enter');
    await timeline().getByText('Sprint S-1 created: Launch week').waitFor();

    await typeInComposer('/sprint-status ');
    await option(/^S-1/).waitFor();
    await composer().press('Enter');
    await typeInComposer('--status=a');
    await option(/^active/).click();
    expect(await composer().inputValue()).to.equal('/sprint-status S-1 --status=active ');
    await composer().press('Enter');
    await timeline().getByText('Sprint S-1 is active').waitFor();

    await typeInComposer('/task-cr');
    await composer().press('Tab');
    await typeInComposer('T-1 --title="Write the docs" --spr');
    await composer().press('Enter');
    await option(/^S-1/).waitFor();
    await composer().press('Enter');
    await typeInComposer('--assignee=@b');
    await option(/@bot/).waitFor();
    await composer().press('Enter');
    expect(await composer().inputValue()).to.equal('/task-create T-1 --title="Write the docs" --sprint=S-1 --assignee=@bot ');
    await composer().press('Enter');
    await timeline().getByText('Task T-1 created in S-1: Write the docs (@bot)').waitFor();

    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('link', { name: /S-1/ }).waitFor();
    await rooms.getByRole('link', { name: /T-1/ }).waitFor();
  });

  it('shows the dashboard and follows it live when an agent comes online and completes the task', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Dashboard/ }).click();
    await page.getByLabel('Active sprints: 1').waitFor();
    await page.getByLabel('Agents online: 0').waitFor();
    const progress = page.getByRole('progressbar', { name: 'S-1 progress' });
    expect(await value(progress, 'aria-valuenow')).to.equal('0');

    const admin = await t.connect();
    await admin.command('/task-create T-2 --title="Write the changelog" --sprint=S-1 --assignee=@admin', 'sprint:S-1');
    await page.getByLabel('My tasks: 1').waitFor();
    await page.getByRole('region', { name: 'My tasks' }).getByText('Write the changelog').waitFor();

    bot = await t.connect(botToken);
    await page.getByLabel('Agents online: 1').waitFor();
    await bot.command('/task-done T-1 "Docs written"');
    await eventually(async () => {
      expect(await value(progress, 'aria-valuenow')).to.equal('50');
    }, 8000);
    await page.getByRole('region', { name: 'Recent activity' }).getByText('completed T-1: Docs written').waitFor();
    await page.getByText('0 in inbox', { exact: false }).waitFor();
    await bot.command('/message-send @admin "Docs are in" "have a look at T-1"');
    await page.getByText('1 in inbox', { exact: false }).waitFor();
    await page.screenshot({ path: join(shots, 'dashboard.png') });
  });

  it('uploads a markdown artifact with a progress bar and previews it, also from the link in the chat', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Lobby/ }).click();
    await typeInComposer('@bo');
    await option(/@bot/).waitFor();
    await composer().press('Enter');
    await typeInComposer('thanks for **the docs**, the notes come next');
    await composer().press('Enter');
    await timeline().locator('strong', { hasText: 'the docs' }).waitFor();
    await typeInComposer('/task T-1');
    await composer().press('Enter');
    await timeline().locator('.card-summary', { hasText: 'Docs written' }).waitFor();
    await page.screenshot({ path: join(shots, 'chat.png') });
    await timeline().getByRole('link', { name: 'T-1' }).last().click();
    await page.getByRole('heading', { level: 1, name: /T-1/ }).waitFor();
    await page.getByRole('button', { name: 'Artifacts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Artifacts' });
    await dialog.getByLabel('Upload files to task T-1').setInputFiles({
      name: 'release-notes.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Release notes\n\n- The docs are **written**.\n- Next: the changelog.\n'),
    });
    await dialog.getByText('Uploaded').waitFor();
    expect(await value(dialog.getByRole('progressbar', { name: 'Upload of release-notes.md' }), 'value')).to.equal('1');
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Release notes' }).waitFor();
    await preview.getByText('written').waitFor();
    await page.screenshot({ path: join(shots, 'artifacts.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await timeline().getByRole('link', { name: 'release-notes.md' }).click();
    const reopened = page.getByRole('dialog', { name: 'Artifacts' });
    await reopened.getByRole('heading', { name: 'Release notes' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), reopened.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).to.equal('release-notes.md');
    await page.keyboard.press('Escape');
  });

  it('renders markdown without running what it hides', async () => {
    await composer().fill('**safe** <img src="x" onerror="globalThis.pwned = 1"> <script>globalThis.pwned = 2</script>');
    await composer().press('Enter');
    await timeline().locator('strong', { hasText: 'safe' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned ?? null)).to.equal(null);
    expect(await timeline().locator('[onerror], script').count()).to.equal(0);
  });

  it('keeps a message sent while the connection is down, and catches up on what was missed', async () => {
    // Cut the page's connection at the hub (the client reconnects by itself after a transport close).
    for (const socket of t.hub.io.sockets.sockets.values()) {
      if (socket.handshake.headers['user-agent']?.includes('Chrome')) socket.conn.close();
    }
    await page.getByRole('status').getByText(/Reconnecting/).waitFor();
    await composer().fill('sent while offline');
    await composer().press('Enter');
    await bot!.send('task:T-1', 'said while you were away');
    await timeline().getByText('said while you were away').waitFor({ timeout: 15000 });
    await eventually(async () => {
      expect(await timeline().getByText('Sending…').count()).to.equal(0);
    }, 15000);
    expect(await timeline().getByText('sent while offline').count()).to.equal(1);
    const stored = (await bot!.history({ room: 'task:T-1', limit: 50 })).filter((m) => m.text === 'sent while offline');
    expect(stored).to.have.length(1);
  });

  it('shows a refused command with its error and usage line, only to me, and lets me fix it', async () => {
    await composer().click();
    await typeInComposer('/task-status T-1 --status=nope');
    await composer().press('Escape');
    await composer().press('Enter');
    const refusal = timeline().getByRole('alert');
    await refusal.getByText(/status must be one of/).waitFor();
    await refusal.getByText('/task-status CODE --status=todo|in_progress|blocked|review|completed|cancelled').waitFor();
    await refusal.getByRole('button', { name: 'Edit and resend' }).click();
    expect(await composer().inputValue()).to.equal('/task-status T-1 --status=nope');
    await composer().fill('/tsk');
    await composer().press('Enter');
    await timeline().getByRole('alert').getByText(/There is no \/tsk/).waitFor();
  });

  it('moves a task on the sprint board with a /task-status that shows in the sprint room', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /S-1/ }).click();
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    const board = page.getByRole('dialog');
    await board.getByRole('listitem', { name: 'To do: 1' }).getByText('Write the changelog').waitFor();
    await board.getByLabel('Status of T-2').selectOption('in_progress');
    await board.getByRole('listitem', { name: 'In progress: 1' }).getByText('Write the changelog').waitFor();
    await page.keyboard.press('Escape');
    await timeline().getByText('/task-status T-2 --status=in_progress').waitFor();
  });

  it('keeps the session and the history after a reload, and loads older messages when scrolled up', async () => {
    const admin = await t.connect();
    for (let i = 1; i <= 60; i++) await admin.send('lobby', `filler message ${i}`);
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Lobby/ }).click();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Lobby/ }).waitFor();
    expect(await page.getByLabel('Access token').count()).to.equal(0);
    await timeline().getByText('filler message 60', { exact: true }).waitFor();
    expect(await timeline().getByText('Sprint S-1 created: Launch week').count()).to.equal(0);
    await eventually(async () => {
      await timeline().evaluate((el) => el.scrollTo(0, 0));
      expect(await timeline().getByText('Sprint S-1 created: Launch week').count()).to.equal(1);
    }, 8000);
    // A finished task leaves the room list; its room is still an address of the app.
    await page.goto(`${t.url}/r/task:T-1`);
    await page.getByRole('heading', { level: 1, name: /T-1/ }).waitFor();
    await timeline().getByRole('link', { name: 'release-notes.md' }).waitFor();
  });

  it('fits a phone: the room list is a drawer behind the menu button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const menu = page.getByRole('button', { name: 'Open the room list' });
    await menu.click();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Lobby/ }).click();
    await page.getByRole('heading', { level: 1, name: /Lobby/ }).waitFor();
    await composer().waitFor();
    const box = await composer().boundingBox();
    expect(box!.x + box!.width).to.be.lessThan(390);
  });
});
