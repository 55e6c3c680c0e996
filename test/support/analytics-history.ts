import { expect } from 'chai';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { uploadArtifact } from './artifacts.js';
import type { ManualClock } from './clock.js';
import type { TestHub } from './hub.js';

/**
 * A sprint's history played on a clock the test moves (no sleeping): every figure the analytics
 * tests assert follows from these moves by hand. Mon 2 Nov to Tue 10 Nov 2026, 09:00 UTC unless said.
 *   A (@alice): in progress 2 Nov 09:00, completed 13:00             cycle 4h,  lead 4h
 *   B (@alice): in progress 3 Nov, review 4 Nov, sent back 15:00,
 *               completed 5 Nov                                     cycle 48h, lead 72h
 *   C (@bot):   in progress 5 Nov, completed 6 Nov                  cycle 24h, lead 96h
 *   D (@bob):   in progress 5 Nov, review 9 Nov (still there)
 *   E (@bob):   blocked 5 Nov (still)
 *   F, G (@bob): in progress 9 Nov (still)
 * On the 9th the agent runs a command, a person talks, views the dashboard twice and previews a document.
 */
export async function seedSprintHistory(t: TestHub, clock: ManualClock): Promise<{ admin: SwitchboardClient; botToken: string }> {
  const at = (iso: string) => clock.set(iso);
  clock.set('2026-11-02T09:00:00Z');
  const admin = await t.connect();
  const botToken = await t.tokenFor('bot', 'agent');
  await admin.command('/sprints-create S1 --title="Launch" --ends=2026-11-20');
  await admin.command('/sprint-status S1 --status=active');
  const owners: Record<string, string> = { A: 'alice', B: 'alice', C: 'bot', D: 'bob', E: 'bob', F: 'bob', G: 'bob' };
  for (const [code, who] of Object.entries(owners)) await admin.command(`/task-create ${code} --title="Task ${code}" --sprint=S1 --assignee=@${who}`);
  const move = (code: string, status: string) => admin.command(`/task-status ${code} --status=${status}`);
  await move('A', 'in_progress');
  at('2026-11-02T13:00:00Z');
  await admin.command('/task-done A "done"');
  at('2026-11-03T09:00:00Z');
  await move('B', 'in_progress');
  at('2026-11-04T09:00:00Z');
  await move('B', 'review');
  at('2026-11-04T15:00:00Z');
  await move('B', 'in_progress');
  at('2026-11-05T09:00:00Z');
  await admin.command('/task-done B "done"');
  await move('C', 'in_progress');
  await move('D', 'in_progress');
  await move('E', 'blocked');
  at('2026-11-06T09:00:00Z');
  await admin.command('/task-done C "done"');
  at('2026-11-09T09:00:00Z');
  await move('D', 'review');
  await move('F', 'in_progress');
  await move('G', 'in_progress');
  // The agent works over HTTP on the 9th; a person talks in the lobby.
  await new SwitchboardHttp(t.url, botToken).command('/tasks --sprint=S1');
  await admin.send('lobby', 'standup at ten');
  // Adoption: a dashboard view by command and one over HTTP; a document uploaded and previewed.
  await admin.command('/dashboard');
  await fetch(`${t.url}/api/orchestration/dashboard`, { headers: { authorization: `Bearer ${t.adminToken}` } });
  expect((await uploadArtifact(t, { task: 'A' }, Buffer.from('# hello'), 'a.md')).status).to.equal(201);
  expect((await fetch(`${t.url}/api/artifacts/by-task/A/a.md/preview`, { headers: { authorization: `Bearer ${t.adminToken}` } })).status).to.equal(200);
  at('2026-11-10T09:00:00Z');
  return { admin, botToken };
}
