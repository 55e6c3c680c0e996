import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'chai';
import { z } from 'zod';
import { agentRoom, taskRoom } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { record } from './events.js';
import { eventually } from './wait.js';

/** The `switchboard` launcher, as `npx switchboard` runs it. */
export const SWITCHBOARD_BIN = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));

const CLIENT_INFO = { name: 'switchboard-tests', version: '1.0.0' };

export interface McpClientOptions {
  /** Ask for every command as a tool (`/mcp?tools=all`, `mcp --all-tools`), not the lean daily set. */
  allTools?: boolean;
}

/** An MCP client on the hub's own /mcp endpoint, with a bearer token. */
export async function mcpOverHttp(hubUrl: string, token: string, options: McpClientOptions = {}): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  const url = new URL(options.allTools ? '/mcp?tools=all' : '/mcp', hubUrl);
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/**
 * MCP clients over HTTP for one `describe`, closed in its after(). Call it before withTestHub so
 * that they close before the hub stops; `clients` takes others to close too.
 */
export function mcpClientsOver(hubUrl: () => string): { connect: (token: string, allTools?: boolean) => Promise<Client>; clients: Client[] } {
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  const connect = async (token: string, allTools = false) => {
    const c = await mcpOverHttp(hubUrl(), token, { allTools });
    clients.push(c);
    return c;
  };
  return { connect, clients };
}

/** An MCP client on `switchboard mcp --hub URL --token T`, spawned as Claude Code or Cursor would. */
export async function mcpOverStdio(hubUrl: string, token: string, options: McpClientOptions = {}): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  const args = [SWITCHBOARD_BIN, 'mcp', '--hub', hubUrl, '--token', token, ...(options.allTools ? ['--all-tools'] : [])];
  await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'inherit' }));
  return client;
}

/** The text of a tool result's content. */
export const textOf = (result: unknown): string =>
  ((result as CallToolResult).content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');

/** The structured content of a tool result, typed as the test expects it. */
export const dataOf = <T>(result: unknown): T => (result as CallToolResult).structuredContent as T;

/**
 * The agent's day through MCP tools: INIT, start the task, note, attach a finding, finish.
 * `watcher`, a person's socket in the task's room and the agent's inbox, must see every call
 * as the command typed by the agent followed by the hub's answer to it.
 */
export async function runTaskFlow(mcp: Client, watcher: SwitchboardClient, agent: string, code: string): Promise<void> {
  await watcher.join(taskRoom(code));
  await watcher.join(agentRoom(agent));
  const seen = record(watcher, 'chat:message');

  const init = await mcp.callTool({ name: 'init', arguments: {} });
  expect(init.isError, textOf(init)).to.not.equal(true);
  expect(dataOf<{ result: { plan: string[] } }>(init).result.plan).to.include(code);

  const started = await mcp.callTool({ name: 'task_status', arguments: { code, status: 'in_progress' } });
  expect(dataOf<{ task: { status: string } }>(started).task.status).to.equal('in_progress');

  const note = 'The "off by one" is in parse-line.ts, line 42 \\ fixed';
  const noted = await mcp.callTool({ name: 'task_note', arguments: { code, note } });
  expect(textOf(noted)).to.equal(`✅ Note added to ${code}`);

  const uploaded = await mcp.callTool({ name: 'artifact_upload', arguments: { content: '# Findings\n\nAll good.\n', name: 'findings.md', task: code } });
  const artifact = dataOf<{ artifact: { uri: string; mediaType: string } }>(uploaded).artifact;
  expect(artifact).to.include({ uri: `sb://artifacts/by-task/${code}/findings.md`, mediaType: 'text/markdown' });

  const done = await mcp.callTool({ name: 'task_done', arguments: { code, summary: 'Fixed and documented' } });
  expect(dataOf<{ task: { status: string; summary: string } }>(done).task).to.include({ status: 'completed', summary: 'Fixed and documented' });

  const expected: [string, string][] = [
    [agentRoom(agent), '/init'],
    [taskRoom(code), `/task-status --code=${code} --status=in_progress`],
    [taskRoom(code), `/task-note --code=${code} --note="The \\"off by one\\" is in parse-line.ts, line 42 \\\\ fixed"`],
    [taskRoom(code), `/artifact-upload --content="# Findings\n\nAll good.\n" --name=findings.md --task=${code}`],
    [taskRoom(code), `/task-done --code=${code} --summary="Fixed and documented"`],
  ];
  await eventually(() => {
    for (const [room, line] of expected) {
      const asked = seen.find((m) => m.room === room && m.kind === 'command' && m.text === line);
      expect(asked, `${line} in ${room}`).to.not.equal(undefined);
      expect(asked!.sender.name).to.equal(agent);
      const answer = seen.find((m) => m.kind === 'result' && m.replyTo === asked!.id);
      expect(answer, `the answer to ${line}`).to.not.equal(undefined);
    }
  });
  const inTask = seen.filter((m) => m.room === taskRoom(code) && m.kind !== 'system').map((m) => m.kind);
  expect(inTask).to.deep.equal(['command', 'result', 'command', 'result', 'command', 'result', 'command', 'result']);
  const task = await watcher.command(`/task-detail ${code}`, 'lobby');
  expect(task.text).to.include('@' + agent + ': The "off by one" is in parse-line.ts, line 42 \\ fixed');
}

/**
 * A parcel reaches an MCP agent: a logging notice tells the connected client it arrived, and the
 * messages_check tool shows it whole (and hands it over: it is no longer queued).
 */
export async function checkParcelsReach(mcp: Client, sender: SwitchboardClient, agent: string): Promise<void> {
  const notices: string[] = [];
  mcp.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    notices.push(z.object({ text: z.string() }).parse(n.params.data).text);
  });
  const subject = `Look at the flaky test ${Date.now()}`;
  await sender.command(`/message-send @${agent} "${subject}" "It fails one run in ten on CI"`);
  await eventually(() => expect(notices.join('\n')).to.contain(`New message from @${sender.principal!.name}: "${subject}". Read it with messages_check.`), 5000);
  const checked = await mcp.callTool({ name: 'messages_check', arguments: {} });
  expect(checked.isError, textOf(checked)).to.not.equal(true);
  expect(textOf(checked)).to.contain(subject).and.to.contain('It fails one run in ten on CI');
  const listed = dataOf<{ parcels: { subject: string; status: string }[] }>(checked).parcels.find((p) => p.subject === subject)!;
  expect(listed.status).to.equal('delivered');
}
