import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { seriousViolations } from '../support/axe.js';
import { uploadArtifact } from '../support/artifacts.js';
import { launchChromium } from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/hub.js';

describe('the inbox, read marks and accessibility in a real Chromium', function () {
  this.timeout(60000);
  let t: TestHub;
  let browser: Browser;
  let page: Page;
  let admin: SwitchboardClient;
  let bot: SwitchboardClient;
  const pageErrors: string[] = [];
  const findings: Record<string, unknown> = {};

  /** The audit in the light and in the dark theme: neither may have a critical or serious violation. */
  const audit = async (where: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const found = await seriousViolations(page);
      if (found.length) findings[`${where} (${colorScheme})`] = found;
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  before(async () => {
    t = await startTestHub();
    admin = await t.connect();
    await admin.command('/sprints-create S-1 --title="Launch week"', 'lobby');
    await admin.command('/sprint-status S-1 --status=active', 'lobby');
    await admin.command('/task-create T-1 --title="Write the docs" --sprint=S-1 --assignee=@admin', 'lobby');
    await admin.command('/task-create T-2 --title="Write the changelog" --sprint=S-1 --assignee=@bot', 'lobby');
    // Rooms with what people see on a working day: results of every component, a file, a refusal, an agent online.
    bot = await t.connect(await t.tokenFor('bot', 'agent'));
    await uploadArtifact(t, { task: 'T-1' }, '# Notes\n\nThe docs are **written**.\n', 'notes.md');
    await admin.command('/task T-1', 'task:T-1');
    await admin.command('/tasks --sprint=S-1', 'lobby');
    await admin.command('/sprint S-1', 'lobby');
    await admin.command('/help', 'lobby');
    await admin.command('/dashboard', 'lobby');
    await admin.send('lobby', 'Hello **team**, see `T-1` and sb://artifacts/by-task/T-1/notes.md');
    await admin.send('lobby', '/task-status T-1 --status=nope');
    await bot.command('/task-status T-2 --status=in_progress');
    await bot.send('lobby', '@admin the changelog is under way');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  it('passes the axe-core audit on sign-in, chat, dashboard, artifacts and analytics, light and dark', async () => {
    await page.goto(t.url);
    await page.getByLabel('Access token').waitFor();
    await audit('sign-in');
    await page.getByLabel('Access token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /Lobby/ }).waitFor();
    await page.getByRole('log').getByText('Sprint S-1 created').waitFor();
    await audit('chat');
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Dashboard/ }).click();
    await page.getByLabel('Active sprints: 1').waitFor();
    await audit('dashboard');
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /T-1/ }).click();
    await page.getByRole('heading', { level: 1, name: /T-1/ }).waitFor();
    await audit('task room');
    await page.getByRole('button', { name: 'Artifacts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Artifacts' });
    await dialog.getByRole('button', { name: /notes\.md/ }).click();
    await dialog.getByRole('heading', { name: 'Notes' }).waitFor();
    await audit('artifacts window');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Analytics/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await page.locator('[data-chart] canvas').first().waitFor();
    await audit('analytics');
    expect(findings).to.deep.equal({});
  });
});
