import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage, ChatSendAck } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { killSpawned, startMain, type Hub } from '../support/hub-process.js';
import { eventually } from '../support/wait.js';

/** One client per task; a task's writes run one at a time, so each task has one note mid-handler at the kill. */
const TASKS = ['T-ONCE-1', 'T-ONCE-2', 'T-ONCE-3', 'T-ONCE-4', 'T-ONCE-5', 'T-ONCE-6'];
/** Notes each client sends to its task, all at once, so many are in flight when the hub dies. */
const NOTES = 20;
/** Acknowledged notes (of all clients) after which the hub is killed. */
const KILL_AFTER = 40;

const line = (task: string, k: number) => `/task-note ${task} "note ${task} #${k}."`;
const clientIdOf = (task: string, k: number) => `once-${task}-${k}`;
/** One person sending this fast would be limited; the limits are not what this test is about. */
const NO_LIMITS = { RATE_LIMIT_SOCKET: 'off', RATE_LIMIT_SOCKET_CONNECTION: 'off' };
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/**
 * Commands with client ids are applied once however the hub dies: its intent is stored before the
 * handler writes, and a resend runs under the same stamp. `kill -9` of the hub (its database
 * follows it) while notes are in flight, a restart on the same data, then every note resent.
 */
describe('exactly once across a crash (kill -9 of the hub while commands are in flight)', function () {
  this.timeout(90000);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-once-'));
  after(async () => {
    await killSpawned();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies every acknowledged or resent /task-note once, with one command and one result message each', async () => {
    const first: Hub = await startMain(dir, NO_LIMITS);
    const token = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
    const admin = await SwitchboardClient.connect(first.url, token, { socket: { reconnection: false } });
    await admin.command('/sprints-create S-ONCE --title="Exactly once"', 'lobby');
    for (const t of TASKS) await admin.command(`/task-create ${t} --title="Noted under fire" --sprint=S-ONCE`, 'lobby');
    admin.close();

    // One client per task, each sending all its notes without waiting for the acks.
    const clients = await Promise.all(TASKS.map(() => SwitchboardClient.connect(first.url, token, { socket: { reconnection: false } })));
    const acked = new Map<string, ChatSendAck>();
    TASKS.forEach((task, i) => {
      for (let k = 0; k < NOTES; k++) {
        void clients[i]!.send(`task:${task}`, line(task, k), clientIdOf(task, k)).then((ack) => acked.set(clientIdOf(task, k), ack));
      }
    });
    await eventually(async () => acked.size >= KILL_AFTER, { what: `${KILL_AFTER} notes are acknowledged`, ms: 30000 });
    first.child.kill('SIGKILL');
    await first.exited;
    for (const c of clients) c.close();
    const before = new Map(acked);
    expect(before.size, 'some notes were still in flight when the hub died').to.be.lessThan(TASKS.length * NOTES);
    for (const ack of before.values()) expect(ack.ok).to.equal(true);

    const second = await startMain(dir, NO_LIMITS);
    const again = await Promise.all(TASKS.map(() => SwitchboardClient.connect(second.url, token, { socket: { reconnection: false } })));
    await Promise.all(
      TASKS.map(async (task, i) => {
        for (let k = 0; k < NOTES; k++) {
          const id = clientIdOf(task, k);
          const ack = await again[i]!.send(`task:${task}`, line(task, k), id);
          expect(ack.ok, `resent ${id}: ${JSON.stringify(ack)}`).to.equal(true);
          if (!ack.ok) continue;
          expect(ack.result?.type, `${id} has its result`).to.equal('success');
          const firstAck = before.get(id);
          // An acknowledged command is answered with the very message it was stored as.
          if (firstAck?.ok) expect(ack.message.id, id).to.equal(firstAck.message.id);
        }
      }),
    );

    const reader = again[0]!;
    for (const task of TASKS) {
      const detail = (await reader.command(`/task-detail ${task}`, 'lobby')).data.task;
      for (let k = 0; k < NOTES; k++) expect(occurrences(detail.context, `note ${task} #${k}.`), `${task} #${k} in the context`).to.equal(1);

      const history: ChatMessage[] = await reader.history({ room: `task:${task}`, limit: 200 });
      const commands = history.filter((m) => m.kind === 'command');
      const results = history.filter((m) => m.kind === 'result');
      expect(commands.map((m) => m.clientId).sort()).to.deep.equal([...Array(NOTES).keys()].map((k) => clientIdOf(task, k)).sort());
      expect(results, `one result per command in ${task}, no stray ones`).to.have.length(NOTES);
      for (const c of commands) expect(results.filter((r) => r.replyTo === c.id), `the result of ${c.clientId}`).to.have.length(1);

      const rows = (await reader.command(`/activity --task=${task} --limit=100`, 'lobby')).data.rows;
      for (let k = 0; k < NOTES; k++) {
        expect(rows.filter((r) => r.what.endsWith(`note ${task} #${k}.`)), `one activity line for ${task} #${k}`).to.have.length(1);
      }
    }
    for (const c of again) c.close();
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
