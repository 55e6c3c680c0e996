import { execFile } from 'node:child_process';
import { expect } from 'chai';
import type { ChatMessage } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { SWITCHBOARD_BIN } from '../support/mcp.js';
import { eventually } from '../support/wait.js';

/**
 * Issue 10, point 4: a command carrying private text (a message, a remembered value, a task's
 * note outside its room) is stored and broadcast as an elided echo; only the sender's ack has
 * the line as typed. SDK, HTTP and CLI run commands in the caller's own inbox by default.
 */
describe('private text in command lines', () => {
  let admin: SwitchboardClient;
  let snoopToken: string;
  let snoop: SwitchboardClient;
  let lobby: ChatMessage[];

  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    await t.tokenFor('bob', 'person', 'member');
    snoopToken = await t.tokenFor('snoop', 'agent');
    await admin.command('/sprints-create S-PRIV --title="Private"');
    await admin.command('/task-create T-PRIV --title="Private task" --sprint=S-PRIV');
    snoop = await t.connect(snoopToken);
    await snoop.join('lobby');
    lobby = record(snoop, 'chat:message');
  });

  /** What anyone in the lobby can read: what was broadcast, and what a later join loads. */
  const lobbyText = async () => [...lobby.map((m) => m.text), ...(await snoop.join('lobby')).map((m) => m.text)].join('\n');

  it('/message-send typed in the lobby shows only who it went to; the sender gets the line back whole', async () => {
    const line = '/message-send @bob "quarterly numbers" "revenue is down 40 percent"';
    const ack = await admin.send('lobby', line);
    expect(ack.ok).to.equal(true);
    if (!ack.ok) return;
    expect(ack.message.text).to.equal(line);
    await eventually(() => expect(lobby.filter((m) => m.kind === 'result')).to.have.length.greaterThan(0));
    const seen = await lobbyText();
    expect(seen).to.contain('/message-send --to=@bob (subject, body not shown)').and.contain('Sent a message to @bob');
    expect(seen).to.not.contain('quarterly numbers').and.not.contain('revenue is down');
    // Bob still gets all of it.
    const bob = await t.connect(await t.tokenFor('bob', 'person', 'member'));
    expect((await bob.command('/messages-check')).text).to.contain('quarterly numbers').and.contain('revenue is down 40 percent');
  });

  it('/memory-set typed in the lobby shows the key, never the value', async () => {
    const ack = await snoop.send('lobby', '/memory-set deploy.password hunter2-but-longer');
    expect(ack.ok).to.equal(true);
    if (ack.ok) expect(ack.message.text).to.equal('/memory-set deploy.password hunter2-but-longer');
    const seen = await lobbyText();
    expect(seen).to.contain('/memory-set --key=deploy.password (value not shown)').and.not.contain('hunter2');
  });

  it("a task note is shown as typed in the task's room, elided anywhere else", async () => {
    await admin.command('/task-note T-PRIV "the fix is in the cache layer"', 'lobby');
    const seen = await lobbyText();
    expect(seen).to.contain('/task-note --code=T-PRIV (note not shown)').and.not.contain('cache layer');
    const inRoom = record(admin, 'chat:message');
    await admin.join('task:T-PRIV');
    await admin.command('/task-note T-PRIV "second note, in its room"', 'task:T-PRIV');
    await eventually(() => expect(inRoom.map((m) => m.text)).to.include('/task-note T-PRIV "second note, in its room"'));
  });

  it('the SDK, HTTP and the CLI run a command in the caller inbox unless told otherwise', async () => {
    const inbox = record(admin, 'chat:message');
    await admin.join('agent:snoop');
    await snoop.command('/memory-set where.sdk socket');
    await new SwitchboardHttp(t.url, snoopToken).command('/memory-set where.http post');
    const cli = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [SWITCHBOARD_BIN, '--hub', t.url, '--token', snoopToken, 'memory-set', 'where.cli', 'terminal'], (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(cli).to.contain('where.cli');
    await eventually(() => {
      const commands = inbox.filter((m) => m.room === 'agent:snoop' && m.kind === 'command').map((m) => m.text);
      for (const key of ['where.sdk', 'where.http', 'where.cli']) expect(commands).to.include(`/memory-set --key=${key} (value not shown)`);
    });
    expect(lobby.filter((m) => m.room === 'lobby' && m.text.includes('where.')).map((m) => `${m.room}: ${m.text}`)).to.deep.equal([]);
  });
});
