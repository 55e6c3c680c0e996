import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { seriousViolations } from '../support/axe.js';
import { uploadArtifact } from '../support/artifacts.js';
import { launchChromium, openPage, screenshotDir } from '../support/browser.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

describe('the inbox, read marks and accessibility in a real Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  let admin: SwitchboardClient;
  let bot: SwitchboardClient;
  const pageErrors: string[] = [];
  const findings: Record<string, unknown> = {};
  const { dir: shots, cleanup: removeShots } = screenshotDir();

  /** The audit in the light and in the dark theme: neither may have a critical or serious violation. */
  const audit = async (where: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const found = await seriousViolations(page);
      if (found.length) findings[`${where} (${colorScheme})`] = found;
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await browser?.close();
    removeShots();
  });
  const t = withTestHub();
  before(async () => {
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
    page = await openPage(browser, { width: 1280, height: 860 }, pageErrors);
  });

  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
    // Every audit a test ran, each view in both themes: all are reported together, then cleared.
    const found = { ...findings };
    for (const key of Object.keys(findings)) delete findings[key];
    expect(found, 'critical or serious axe-core violations').to.deep.equal({});
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
  });
  it('shows each parcel in my inbox as a message with Reply, Mark read and its task, reached from the dashboard', async () => {
    await bot.command('/message-send @admin "Changelog draft" "Have a look at **the draft**" --task=T-2 --content="## Draft\\n- fixed the build" --name=draft.md');
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('link', { name: /Dashboard/ }).click();
    const recent = page.getByRole('region', { name: 'Recent messages' });
    await recent.getByRole('link', { name: 'Changelog draft' }).waitFor();
    await page.getByRole('link', { name: /Unread/ }).click();
    await page.getByRole('heading', { level: 1, name: /@admin/ }).waitFor();

    const card = page.getByRole('region', { name: 'Message from @bot: Changelog draft' });
    await card.locator('strong', { hasText: 'the draft' }).waitFor();
    await card.getByText('Unread', { exact: true }).waitFor();
    await card.getByRole('button', { name: /draft\.md/ }).waitFor();
    await card.getByRole('link', { name: 'Open T-2' }).waitFor();
    await audit('inbox');

    // Reply by keyboard only: focus Reply, Enter opens the form with the cursor in it, Tab reaches Send.
    await card.getByRole('button', { name: 'Reply', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Looks good, ship it');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(async () => {
      const inbox = (await bot.command('/messages-check')).data;
      const answer = inbox.parcels.find((p) => p.subject === 'Re: Changelog draft');
      expect(answer, 'the reply reached the bot').to.include({ body: 'Looks good, ship it', task: 'T-2' });
      const original = await card.getAttribute('data-parcel');
      expect(answer!.replyTo).to.equal(original);
    }, 8000);
    // The form closes once the hub has acknowledged the reply (the bot may hear of it first).
    await card.getByLabel('Reply to @bot').waitFor({ state: 'detached' });
    // Escape closes the form and gives the focus back to Reply.
    await card.getByRole('button', { name: 'Reply', exact: true }).press('Enter');
    await card.getByLabel('Reply to @bot').waitFor();
    await page.keyboard.press('Escape');
    await card.getByLabel('Reply to @bot').waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).to.equal('Reply');
    const botInbox = (await bot.command('/messages-check')).data;
    const reply = botInbox.parcels.find((p) => p.subject === 'Re: Changelog draft')!;
    await bot.command(`/message-send @admin "Re: Changelog draft" "Shipped." --reply-to=${reply.id}`);
    const answer = page.getByRole('region', { name: 'Message from @bot: Re: Changelog draft' });
    await answer.getByText('Shipped.').waitFor();
    await answer.getByText('Thread: 1 earlier message').click();
    await answer.getByText('Have a look at').waitFor();
    await page.screenshot({ path: join(shots, 'inbox.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(shots, 'inbox-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    await card.getByRole('button', { name: 'Mark read' }).click();
    await card.getByText('Read', { exact: true }).waitFor();
    const read = (await admin.command('/messages-check --status=read')).data;
    expect(read.parcels.map((p) => p.subject)).to.deep.equal(['Changelog draft']);

    await card.getByRole('button', { name: /draft\.md/ }).click();
    await page.getByRole('dialog', { name: 'Artifacts' }).getByRole('heading', { name: 'Draft' }).waitFor();
    await page.keyboard.press('Escape');
    await card.getByRole('link', { name: 'Open T-2' }).click();
    await page.getByRole('heading', { level: 1, name: /T-2/ }).waitFor();
  });

  it('attaches files dropped on the chat to the room\'s task, with progress, and links one to another task from the Artifacts window', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /T-1/ }).click();
    const chat = page.getByRole('region', { name: 'Room T-1' });
    await chat.waitFor();
    const files = await page.evaluateHandle(`(() => {
      const d = new DataTransfer();
      d.items.add(new File(['# Plan\\n\\nShip on Friday.\\n'], 'plan.md', { type: 'text/markdown' }));
      d.items.add(new File(['a,b\\n1,2\\n'], 'figures.csv', { type: 'text/csv' }));
      return d;
    })()`);
    await chat.dispatchEvent('dragenter', { dataTransfer: files });
    await chat.getByText('Drop to attach to task T-1').waitFor();
    await chat.dispatchEvent('drop', { dataTransfer: files });
    const uploads = chat.getByRole('list', { name: 'Files for task T-1' });
    await eventually(async () => {
      expect(await uploads.getByText('Uploaded').count()).to.equal(2);
    }, 8000);
    expect(await uploads.getByRole('progressbar', { name: 'Upload of plan.md' }).getAttribute('value')).to.equal('1');
    expect(await chat.getByText('Drop to attach to task T-1').count()).to.equal(0);
    await page.getByRole('log').getByRole('link', { name: 'plan.md' }).first().waitFor();
    const onT1 = (await admin.command('/artifacts T-1')).data;
    expect(onT1.rows.map((a) => a.name)).to.include.members(['plan.md', 'figures.csv', 'notes.md']);

    await page.getByRole('button', { name: 'Artifacts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Artifacts' });
    await dialog.getByRole('button', { name: /plan\.md/ }).click();
    await dialog.getByRole('heading', { name: 'Plan' }).waitFor();
    await dialog.getByLabel('Link to task').selectOption('T-2');
    await dialog.getByRole('button', { name: 'Link', exact: true }).click();
    await dialog.getByRole('status').getByText('Linked to T-2.').waitFor();
    await audit('artifacts window with a link');
    await page.keyboard.press('Escape');
    const onT2 = (await admin.command('/artifacts T-2')).data;
    expect(onT2.rows.map((a) => a.name).sort(), 'the message attachment and the linked file').to.deep.equal(['draft.md', 'plan.md']);
  });

  it('keeps read marks on the hub, so a second browser agrees on what is unread', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Dashboard/ }).click();
    await bot.send('lobby', 'the changelog is out');
    const lobbyLink = (p: Page) => p.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Lobby/ });
    await lobbyLink(page).getByLabel('1 unread').waitFor();

    // Another browser (its own storage) signed in as the same person sees the same unread count.
    const other = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const second = await other.newPage();
    second.on('pageerror', (err) => pageErrors.push(err.message));
    await second.goto(t.url + '/dashboard');
    await second.getByLabel('Access token').fill(t.adminToken);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await lobbyLink(second).getByLabel('1 unread').waitFor();

    // Reading it here clears it there: at once (the hub tells the person's other sockets), and after a reload.
    await lobbyLink(page).click();
    await page.getByRole('log').getByText('the changelog is out').waitFor();
    await eventually(async () => {
      const res = await fetch(`${t.url}/api/read-marks?rooms=lobby,task:T-1`, { headers: { authorization: `Bearer ${t.adminToken}` } });
      const { marks } = (await res.json()) as { marks: Record<string, number> };
      const last = (await admin.history({ room: 'lobby', limit: 1 }))[0]!;
      expect(marks.lobby).to.equal(last.seq);
    }, 8000);
    await eventually(async () => {
      expect(await lobbyLink(second).getByLabel(/unread/).count()).to.equal(0);
    }, 8000);
    await second.reload();
    await second.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await lobbyLink(second).waitFor();
    expect(await lobbyLink(second).getByLabel(/unread/).count()).to.equal(0);
    await other.close();
  });

  it('shows browser notifications, once opted in, for a mention, an assignment and an approval, and not for a plain message', async () => {
    // The page's Notification is wrapped to also keep what it showed: the real one still runs.
    await page.context().grantPermissions(['notifications'], { origin: t.url });
    await page.addInitScript(`(() => {
      const Real = window.Notification;
      window.__shown = [];
      window.Notification = class extends Real {
        constructor(title, options) {
          super(title, options);
          window.__shown.push({ title, body: options?.body ?? '' });
        }
      };
    })()`);
    await page.goto(`${t.url}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const toggle = page.getByRole('button', { name: /^Notifications:/ });
    expect(await toggle.getAttribute('aria-pressed')).to.equal('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Notifications: on' }).waitFor();
    expect(await toggle.getAttribute('aria-pressed')).to.equal('true');

    const dana = await t.connect(await t.tokenFor('dana', 'person', 'member'));
    await dana.send('lobby', '@admin can you look at the release notes?');
    await dana.command('/task-create T-3 --title="Tag the release" --sprint=S-1 --assignee=@admin', 'lobby');
    await dana.command('/message-send @admin "Lunch" "at noon"');
    await dana.command('/approval-request "Ship the release today?" --approvers=@admin', 'lobby');
    const shown = () => page.evaluate<{ title: string; body: string }[]>('window.__shown');
    await eventually(async () => {
      expect((await shown()).map((n) => n.title)).to.deep.equal(['@dana mentioned you in lobby', 'New task for you', 'Approval']);
    }, 8000);
    const [mention, assignment, approval] = await shown();
    expect(mention!.body).to.equal('@admin can you look at the release notes?');
    expect(assignment!.body).to.contain('Tag the release');
    expect(approval!.body).to.contain('Ship the release today?');

    // Off again: nothing more is shown (the mention goes out before the parcel that is waited for).
    await toggle.click();
    await page.getByRole('button', { name: 'Notifications: off' }).waitFor();
    await dana.send('lobby', '@admin one more thing');
    await dana.command('/message-send @admin "After" "notifications went off"');
    await page.getByRole('region', { name: 'Recent messages' }).getByRole('link', { name: 'After' }).waitFor();
    expect(await shown()).to.have.length(3);
    dana.close();
  });

  it('names what moved forward in success toasts: the sprint\'s progress, and 🎉 when its last task completes', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /T-1/ }).click();
    const composer = page.getByRole('combobox', { name: /^Message / });
    await composer.fill('/task-done T-1 "Docs written"');
    await composer.press('Escape');
    await composer.press('Enter');
    await page.getByRole('log').getByText('S-1 is now 33% done (1 of 3 tasks)').waitFor();
    await bot.command('/task-done T-2 "Changelog written"');
    await page.goto(`${t.url}/r/task:T-3`);
    await page.getByRole('heading', { level: 1, name: /T-3/ }).waitFor();
    await composer.fill('/task-status T-3 --status=completed');
    await composer.press('Escape');
    await composer.press('Enter');
    await page.getByRole('log').getByText('🎉 S-1 is 100% done').waitFor();
    await audit('a room with toasts');
  });

  it('passes the audit on the sprint board, the details pane, a dashboard with questions waiting, and the phone drawer', async () => {
    await page.goto(`${t.url}/r/sprint:S-1`);
    await page.getByRole('heading', { level: 1, name: /S-1/ }).waitFor();
    // Wide enough for three panes, the details are open.
    await page.getByRole('complementary', { name: 'Details' }).waitFor();
    await audit('sprint room with details');
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    await page.getByRole('dialog').getByRole('listitem', { name: 'Done: 3' }).waitFor();
    await audit('sprint board');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Dashboard/ }).click();
    await page.getByRole('region', { name: /Waiting for you/ }).getByText('Ship the release today?').waitFor();
    await audit('dashboard with questions waiting');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Open the room list' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Lobby/ }).waitFor();
    await audit('phone, room list open');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('refuses read marks for rooms the caller may not use, never moves one back, and shows each caller only their own inbox', async () => {
    const put = (token: string, body: unknown) =>
      fetch(`${t.url}/api/read-marks`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const botToken = await t.tokenFor('bot2', 'agent');
    const forbidden = await put(botToken, { room: 'agent:admin', seq: 1 });
    expect(forbidden.status).to.equal(403);
    const notRoom = await put(t.adminToken, { room: 'kitchen', seq: 1 });
    expect(notRoom.status).to.equal(400);
    expect(((await notRoom.json()) as { error: { code: string } }).error.code).to.equal('bad_request');
    const badSeq = await put(t.adminToken, { room: 'lobby', seq: -1 });
    expect(badSeq.status).to.equal(400);
    const back = await put(t.adminToken, { room: 'lobby', seq: 1 });
    const stored = (await back.json()) as { room: string; seq: number };
    expect(stored.room).to.equal('lobby');
    expect(stored.seq).to.be.greaterThan(1);
    const get = (query: string) => fetch(`${t.url}/api/read-marks?${query}`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    const mine = (await (await get('rooms=lobby,sprint:S-9')).json()) as { marks: Record<string, number> };
    expect(mine.marks, 'rooms never read are absent').to.deep.equal({ lobby: stored.seq });
    const many = Array.from({ length: 201 }, (_, i) => `task:T-${i}`).join(',');
    expect((await get(`rooms=${many}`)).status).to.equal(400);
    expect((await get('rooms=lobby&rooms=agent:admin')).status).to.equal(400);
    const anonymous = await fetch(`${t.url}/api/read-marks?rooms=lobby`);
    expect(anonymous.status).to.equal(401);

    // The inbox view: the caller's own parcels only, with bodies; a bad limit is refused with the fix.
    const inboxOf = (token: string, query = '') => fetch(`${t.url}/api/inbox${query}`, { headers: { authorization: `Bearer ${token}` } });
    const botView = (await (await inboxOf(botToken)).json()) as { parcels: { to: string }[] };
    expect(botView.parcels, 'bot2 was sent nothing').to.deep.equal([]);
    const adminView = (await (await inboxOf(t.adminToken, '?limit=2')).json()) as { parcels: { to: string; subject: string; body: string }[] };
    expect(adminView.parcels).to.have.length(2);
    expect(adminView.parcels.every((p) => p.to === 'admin')).to.equal(true);
    expect(adminView.parcels[0]!.subject, 'newest first').to.equal('After');
    expect(adminView.parcels[0]!.body).to.equal('notifications went off');
    const bad = await inboxOf(t.adminToken, '?limit=0');
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).to.contain('?limit=50');
  });
});
