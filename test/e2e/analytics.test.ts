import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { seedSprintHistory } from '../support/analytics-history.js';
import { launchChromium, openPage, screenshotDir } from '../support/browser.js';
import { ManualClock } from '../support/clock.js';
import { withTestHub } from '../support/hub.js';

/** Painted pixels and width of each chart's canvas, by chart id: more than a blank frame means uPlot drew. Runs in the page. */
const PAINTED = `Object.fromEntries([...document.querySelectorAll('[data-chart]')].map((fig) => {
  const canvas = fig.querySelector('canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
  return [fig.dataset.chart, { painted: n, width: canvas.getBoundingClientRect().width }];
}))`;
const painted = (page: Page) => page.evaluate<Record<string, { painted: number; width: number }>>(PAINTED);

const rowsOf = async (page: Page, table: string) =>
  (await page.getByRole('table', { name: table }).getByRole('row').allInnerTexts()).slice(1).map((r) => r.replace(/\s+/g, ' ').trim());

describe('the Analytics page in a real Chromium', function () {
  this.timeout(60000);
  let admin: SwitchboardClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const clock = new ManualClock();
  const { dir: shots, cleanup: removeShots } = screenshotDir();

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await browser?.close();
    removeShots();
  });
  const t = withTestHub({ clock });
  before(async () => {
    ({ admin } = await seedSprintHistory(t, clock));
    browser = await launchChromium();
    page = await openPage(browser, { width: 1440, height: 1000 }, pageErrors);
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  it('draws velocity, burn-up, cycle time and usage from the seeded history, with the figures as text', async () => {
    await page.goto(`${t.url}/analytics`);
    await page.getByLabel('Access token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Analytics/ }).waitFor();
    await page.locator('[data-chart="usage"] canvas').waitFor();

    const drawn = await painted(page);
    expect(Object.keys(drawn).sort()).to.deep.equal(['burnup', 'cycle', 'usage', 'velocity']);
    for (const [id, c] of Object.entries(drawn)) {
      expect(c.width, id).to.be.greaterThan(200);
      expect(c.painted, id).to.be.greaterThan(500);
    }
    expect((await rowsOf(page, 'Velocity: tasks completed per week')).slice(-2)).to.deep.equal(['2026-11-02 3', '2026-11-09 0']);
    expect(await rowsOf(page, 'Burn-up of S1')).to.deep.equal([
      '2026-11-02 7 1 6',
      '2026-11-03 7 1 6',
      '2026-11-04 7 1 6',
      '2026-11-05 7 2 5',
      '2026-11-06 7 3 4',
      '2026-11-07 7 3 4',
      '2026-11-08 7 3 4',
      '2026-11-09 7 3 4',
      '2026-11-10 7 3 4',
    ]);
    expect(await rowsOf(page, 'Cycle time (in progress → completed)')).to.include.members(['4–24h 1', '1–2d 1', '2–4d 1']);
    expect(await page.locator('[data-chart="velocity"] [role="img"]').getAttribute('aria-label')).to.contain('week of 2026-11-02, 3');
    expect(await page.locator('[data-forecast]').innerText()).to.equal('4 left: 50% by 2026-11-21, 85% by 2026-11-27 · at risk: the sprint ends 2026-11-20');
    const bottlenecks = page.getByRole('region', { name: 'Bottlenecks' });
    expect(await bottlenecks.getByRole('link', { name: 'D' }).getAttribute('href')).to.equal('/r/task:D');
    expect(await bottlenecks.getByRole('link', { name: 'E' }).getAttribute('href')).to.equal('/r/task:E');
    expect(await page.getByRole('region', { name: 'Agents' }).getByRole('row', { name: /@bot/ }).innerText()).to.match(/@bot\s+1\s+1d/);
    await page.screenshot({ path: join(shots, 'analytics.png'), fullPage: true });
  });

  it('updates live when a task changes', async () => {
    await admin.command('/task-done F "shipped"');
    await page.getByRole('table', { name: 'Burn-up of S1' }).getByRole('row', { name: '2026-11-10 7 4 3' }).waitFor();
    expect((await rowsOf(page, 'Velocity: tasks completed per week')).at(-1)).to.equal('2026-11-09 1');
  });

  it('fits a phone: the charts shrink to the screen and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(`document.querySelector('[data-chart="velocity"] canvas').getBoundingClientRect().width <= 390`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).to.be.at.most(0);
    for (const [id, c] of Object.entries(await painted(page))) {
      expect(c.width, id).to.be.at.most(390);
      expect(c.painted, id).to.be.greaterThan(300);
    }
    await page.screenshot({ path: join(shots, 'analytics-phone.png') });
  });
});
