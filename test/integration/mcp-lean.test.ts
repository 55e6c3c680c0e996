import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'chai';
import { taskRoom } from '../../protocol/index.js';
import { LEAN_COMMANDS, TOOL_ALIASES } from '../../server/mcp/tool-catalog.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { dataOf, mcpClientsOver, textOf } from '../support/mcp.js';
import { eventually } from '../support/wait.js';

const LEAN_BUDGET = 12 * 1024;
const DAY_BUDGET = 3 * 1024;

describe('MCP: the lean toolset and the agent day in four calls', () => {
  const { connect, clients } = mcpClientsOver(() => t.url);
  const t = withTestHub();

  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-LEAN --title="Lean sprint"');
    await admin.command('/task-create T-LEAN-1 --title="Shorten the tool list" --sprint=S-LEAN');
    await admin.command('/task-create T-LEAN-2 --title="Somebody else\'s" --sprint=S-LEAN');
  });

  it('lists the daily dozen for an agent in at most 12 KB; every command and the alias names on ?tools=all or X-Switchboard-Tools: all', async () => {
    const token = await t.tokenFor('lean-bot', 'agent');
    const lean = (await (await connect(token)).listTools()).tools;
    expect(lean.map((tool) => tool.name)).to.deep.equal([...LEAN_COMMANDS.map((c) => c.replace(/-/g, '_')), 'switchboard']);
    const leanBytes = JSON.stringify({ tools: lean }).length;
    expect(leanBytes).to.be.at.most(LEAN_BUDGET);
    for (const tool of lean) expect(tool.description!.length, tool.name).to.be.at.most(200);

    const full = (await (await connect(token, true)).listTools()).tools;
    const fullBytes = JSON.stringify({ tools: full }).length;
    expect(full.length).to.be.greaterThan(30);
    expect(full.map((tool) => tool.name)).to.include.members(Object.keys(TOOL_ALIASES)).and.not.include('switchboard');
    console.log(`      tools/list for an agent: lean ${lean.length} tools, ${leanBytes} bytes; full ${full.length} tools, ${fullBytes} bytes`);

    const byHeader = new McpClient({ name: 'header', version: '1' });
    clients.push(byHeader);
    await byHeader.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', t.url), { requestInit: { headers: { authorization: `Bearer ${token}`, 'x-switchboard-tools': 'all' } } }),
    );
    expect((await byHeader.listTools()).tools.map((tool) => tool.name)).to.have.members(full.map((tool) => tool.name));
  });

  it('runs any command line with the switchboard tool, posted in the room of the task it names', async () => {
    const admin = await t.connect();
    const token = await t.tokenFor('line-bot', 'agent');
    await admin.command('/task-assign T-LEAN-1 @line-bot');
    const mcp = await connect(token);
    const help = await mcp.callTool({ name: 'switchboard', arguments: { line: '/help' } });
    expect(textOf(help)).to.include('/task-depends').and.include('/artifacts');

    await admin.join(taskRoom('T-LEAN-1'));
    const seen = record(admin, 'chat:message');
    const listed = await mcp.callTool({ name: 'switchboard', arguments: { line: '/task-context T-LEAN-1 --append="## Scope\\nOnly the MCP list"' } });
    expect(listed.isError, textOf(listed)).to.not.equal(true);
    await eventually(() => expect(seen.find((m) => m.room === taskRoom('T-LEAN-1') && m.kind === 'command' && m.sender.name === 'line-bot')).to.not.equal(undefined));

    const refused = await mcp.callTool({ name: 'switchboard', arguments: { line: '/token-create sneaky --kind=agent' } });
    expect(refused.isError).to.equal(true);
    expect(textOf(refused)).to.match(/^\[forbidden\]/);
    const empty = await mcp.callTool({ name: 'switchboard', arguments: {} });
    expect(textOf(empty)).to.match(/^\[invalid_args\] switchboard needs "line"/);
  });

  it("answers the older tool names agents know (artifacts_list, artifacts_upload) though the lean list does not show them", async () => {
    const mcp = await connect(t.adminToken);
    const up = await mcp.callTool({ name: 'artifacts_upload', arguments: { content: 'hello', name: 'hello.txt', task: 'T-LEAN-2' } });
    expect(up.isError, textOf(up)).to.not.equal(true);
    const listed = await mcp.callTool({ name: 'artifacts_list', arguments: { target: 'T-LEAN-2' } });
    expect(textOf(listed)).to.include('hello.txt');
  });

  it("walks an agent's day in four calls and under 3 KB of text: INIT with the task's context, confirm and start, a note, done with a report", async () => {
    const admin = await t.connect();
    await admin.command('/task-create T-DAY-1 --title="Make the day short" --sprint=S-LEAN --priority=high');
    await admin.command('/task-context T-DAY-1 --append="Measure the calls, then cut them to four."');
    const token = await t.tokenFor('day-bot', 'agent');
    await admin.command('/task-assign T-DAY-1 @day-bot');
    const mcp = await connect(token);

    const results: CallToolResult[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
      expect(result.isError, `${name}: ${textOf(result)}`).to.not.equal(true);
      results.push(result);
      return result;
    };

    const init = await call('init', {});
    expect(textOf(init)).to.include('First: T-DAY-1 · Make the day short').and.include('Measure the calls, then cut them to four.');
    const confirmed = await call('init_confirm', { start: true });
    expect(textOf(confirmed)).to.match(/^✅ Ready\. Plan: T-DAY-1\. Started T-DAY-1 \(in progress, yours until/);
    expect(dataOf<{ started: { status: string; claimedBy: string } }>(confirmed).started).to.include({ status: 'in_progress', claimedBy: 'day-bot' });
    await call('task_note', { code: 'T-DAY-1', note: 'Four calls: init, confirm, note, done.' });
    const report = '# Report\n\nThe day takes four calls.\n';
    const done = await call('task_done', { code: 'T-DAY-1', summary: 'Cut to four calls', report });
    expect(textOf(done)).to.equal('✅ Task T-DAY-1 marked complete; report: sb://artifacts/by-task/T-DAY-1/report.md');

    expect(results).to.have.length(4);
    const textBytes = results.reduce((n, r) => n + Buffer.byteLength(textOf(r)), 0);
    const allBytes = results.map((r) => JSON.stringify(r).length);
    console.log(`      the day: ${results.length} calls, ${textBytes} bytes of text (${allBytes.reduce((a, b) => a + b)} bytes with structuredContent: ${allBytes.join(' + ')})`);
    expect(textBytes).to.be.at.most(DAY_BUDGET);

    const stored = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-DAY-1/report.md' });
    expect(stored.contents[0]).to.include({ mimeType: 'text/markdown', text: report });
    const task = await admin.command('/task-detail T-DAY-1');
    expect(task.text).to.include('completed').and.include('@day-bot: Four calls');
  });

  it('keeps tool texts short: a long answer is cut, naming how much more is in structuredContent', async () => {
    const admin = await t.connect();
    const long = Array.from({ length: 60 }, (_, i) => `Step ${i}: ${'a careful sentence about the work. '.repeat(2)}`).join('\\n');
    await admin.command(`/task-create T-LONG-1 --title="A long context" --sprint=S-LEAN`);
    await admin.command(`/task-context T-LONG-1 --append="${long}"`);
    const mcp = await connect(t.adminToken);
    const detail = await mcp.callTool({ name: 'task_detail', arguments: { code: 'T-LONG-1' } });
    const text = textOf(detail);
    expect(text.length).to.be.lessThan(2100);
    expect(text).to.match(/\n… \(\d+ more characters; the whole result is in structuredContent\)$/);
    expect(dataOf<{ task: { context: string } }>(detail).task.context).to.include('Step 59:');
  });
});
