import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'chai';
import { COMMANDS } from '../../server/commands/index.js';
import { LEAN_COMMANDS, TOOL_ALIASES } from '../../server/mcp/tool-catalog.js';
import { withTestHub } from '../support/hub.js';
import { checkParcelsReach, mcpOverStdio, runTaskFlow, textOf } from '../support/mcp.js';
import { eventually } from '../support/wait.js';

describe('MCP over stdio (switchboard mcp --hub URL --token T)', () => {
  let agentToken: string;
  let mcp: Client;

  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await mcp?.close();
  });
  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-STDIO --title="stdio sprint"');
    await admin.command('/task-create T-STDIO-1 --title="Write the report" --sprint=S-STDIO');
    await admin.command('/task-create T-STDIO-2 --title="Not for the bot" --sprint=S-STDIO');
    agentToken = await t.tokenFor('stdio-bot', 'agent');
    await admin.command('/task-assign T-STDIO-1 @stdio-bot');
    // One server process for the file, as an MCP client keeps one for its whole session.
    mcp = await mcpOverStdio(t.url, agentToken);
  });

  it('lists the lean daily set by default, and with --all-tools every command the token may run, read from GET /api/commands', async () => {
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).to.have.members([...LEAN_COMMANDS.map((c) => c.replace(/-/g, '_')), 'switchboard']);
    expect(JSON.stringify({ tools }).length).to.be.at.most(12 * 1024);
    const all = await mcpOverStdio(t.url, agentToken, { allTools: true });
    try {
      const agentCommands = COMMANDS.filter((c) => !c.roles || c.roles.includes('agent'));
      const listed = (await all.listTools()).tools.map((tool) => tool.name);
      expect(listed.filter((name) => !(name in TOOL_ALIASES))).to.have.members(agentCommands.map((c) => c.name.replace(/-/g, '_')));
      expect(listed).to.include.members(Object.keys(TOOL_ALIASES));
    } finally {
      await all.close();
    }
  });

  it("runs init, task_status, task_note, artifact_upload and task_done as the agent's chat commands", async () => {
    await runTaskFlow(mcp, await t.connect(), 'stdio-bot', 'T-STDIO-1');
  });

  it('tells the agent when a parcel arrives, and shows it with messages_check', async () => {
    await checkParcelsReach(mcp, await t.connect(), 'stdio-bot');
  });

  it('answers a bad argument or a missing right with a tool error, per tool', async () => {
    const bad = await mcp.callTool({ name: 'task_note', arguments: { code: 'not a code!', note: 'x' } });
    expect(bad.isError).to.equal(true);
    expect(textOf(bad)).to.match(/^\[invalid_args\] [^\n]*<code>: a task code is letters/);
    const theirs = await mcp.callTool({ name: 'task_status', arguments: { code: 'T-STDIO-2', status: 'in_progress' } });
    expect(textOf(theirs)).to.match(/^\[forbidden\] @stdio-bot is not assigned to task:T-STDIO-2/);
    const fine = await mcp.callTool({ name: 'tasks', arguments: { sprint: 'S-STDIO' } });
    expect(textOf(fine)).to.include('T-STDIO-1');
    // Not in the lean list, yet callable by name, or as a line through the switchboard tool.
    const line = await mcp.callTool({ name: 'switchboard', arguments: { line: '/tasks --sprint=S-STDIO' } });
    expect(textOf(line)).to.equal(textOf(fine));
  });

  it('reads artifacts over HTTP (text as text, other files as a link) and tells a subscriber when the task changes', async () => {
    const admin = await t.connect();
    await admin.command('/artifact-upload --content="# Report\n\nDone." --name=report.md --task=T-STDIO-1');
    const text = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-STDIO-1/report.md' });
    expect(text.contents).to.deep.equal([{ uri: 'sb://artifacts/by-task/T-STDIO-1/report.md', mimeType: 'text/markdown', text: '# Report\n\nDone.' }]);
    await admin.command('/artifact-upload --content="PK binary-ish" --name=bundle.zip --task=T-STDIO-1');
    const zip = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-STDIO-1/bundle.zip' });
    expect((zip.contents[0] as { text: string }).text).to.match(/bundle\.zip v1 \(\d+ bytes\) is not text.*\nhttp:\/\/.*sig=/);

    const updated: string[] = [];
    mcp.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await mcp.subscribeResource({ uri: 'switchboard://tasks/T-STDIO-1' });
    await admin.command('/task-status T-STDIO-1 --status=review');
    await eventually(() => expect(updated).to.include('switchboard://tasks/T-STDIO-1'));
    await mcp.unsubscribeResource({ uri: 'switchboard://tasks/T-STDIO-1' });
  });

  it('uploads a file of its own machine with artifact_upload, and reads a long text artifact whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-mcp-'));
    const lines = Array.from({ length: 2500 }, (_, i) => `line ${i}: ${'é'.repeat(20)}`);
    await writeFile(join(dir, 'log.txt'), lines.join('\n'));
    const uploaded = await mcp.callTool({ name: 'artifact_upload', arguments: { file: join(dir, 'log.txt'), task: 'T-STDIO-1' } });
    expect(textOf(uploaded)).to.match(/^📎 Added log\.txt v1 \(\d+(\.\d+)? KiB, text\/plain\)/);
    const read = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-STDIO-1/log.txt' });
    expect(read.contents).to.have.length(1);
    expect((read.contents[0] as { text: string }).text).to.equal(lines.join('\n'));
    const missing = await mcp.callTool({ name: 'artifact_upload', arguments: { file: join(dir, 'nope.txt'), task: 'T-STDIO-1' } });
    expect(textOf(missing)).to.match(/^\[invalid_args\] There is no readable file at .*nope\.txt/);
    await rm(dir, { recursive: true });
  });
});
