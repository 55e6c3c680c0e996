import { Ajv2020 } from 'ajv/dist/2020.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { request } from 'node:http';
import { expect } from 'chai';
import type { Role } from '../../protocol/index.js';
import { COMMANDS } from '../../server/commands/index.js';
import { TOOL_ALIASES } from '../../server/mcp/tool-catalog.js';
import { withTestHub } from '../support/hub.js';
import { checkParcelsReach, dataOf, mcpClientsOver, runTaskFlow, textOf } from '../support/mcp.js';
import { eventually } from '../support/wait.js';

describe('MCP over Streamable HTTP at /mcp', () => {
  let agentToken: string;
  const { connect } = mcpClientsOver(() => t.url);
  const t = withTestHub();

  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-MCP --title="MCP sprint"');
    await admin.command('/task-create T-MCP-1 --title="Fix the parser" --sprint=S-MCP');
    await admin.command('/task-create T-MCP-2 --title="Someone else\'s" --sprint=S-MCP');
    agentToken = await t.tokenFor('mcp-bot', 'agent');
    await admin.command('/task-assign T-MCP-1 @mcp-bot');
    // Open whatever the other tests do with T-MCP-1: resources list an agent's open tasks.
    await admin.command('/task-create T-MCP-3 --title="Still to do" --sprint=S-MCP --assignee=@mcp-bot');
  });

  it('lists one tool per registry command the caller may run when asked for all (?tools=all), with a valid JSON Schema and hints from its definition', async () => {
    const aliases = Object.keys(TOOL_ALIASES);
    const commandTools = <T extends { name: string }>(listed: T[]) => listed.filter((tool) => !aliases.includes(tool.name));
    const { tools } = await (await connect(t.adminToken, true)).listTools();
    const { tools: agentTools } = await (await connect(agentToken, true)).listTools();
    const toolsOf = (role: Role) => COMMANDS.filter((c) => !c.roles || c.roles.includes(role)).map((c) => c.name.replace(/-/g, '_'));
    expect(commandTools(tools).map((tool) => tool.name)).to.have.members(toolsOf('admin'));
    expect(commandTools(agentTools).map((tool) => tool.name)).to.have.members(toolsOf('agent'));
    expect(new Set(commandTools([...tools, ...agentTools]).map((tool) => tool.name))).to.have.lengthOf(COMMANDS.length);
    expect(tools.map((tool) => tool.name)).to.include.members(aliases);
    const ajv = new Ajv2020({ strict: false });
    for (const tool of commandTools([...tools, ...agentTools])) {
      expect(() => ajv.compile(tool.inputSchema), tool.name).to.not.throw();
      const command = COMMANDS.find((c) => c.name.replace(/-/g, '_') === tool.name)!;
      expect(tool.description).to.include(command.summary).and.include(command.usage);
      expect(tool.annotations).to.include({ readOnlyHint: command.readOnly ?? false, destructiveHint: command.destructive ?? false });
    }
    const note = tools.find((tool) => tool.name === 'task_note')!;
    expect(note.inputSchema.required).to.have.members(['code', 'note']);
  });

  it("runs init, task_status, task_note, artifact_upload and task_done as the agent's chat commands", async () => {
    await runTaskFlow(await connect(agentToken), await t.connect(), 'mcp-bot', 'T-MCP-1');
  });

  it('tells the agent when a parcel arrives, and shows it with messages_check', async () => {
    await checkParcelsReach(await connect(agentToken), await t.connect(), 'mcp-bot');
  });

  it('answers a bad argument with a tool error naming the code and the usage', async () => {
    const mcp = await connect(t.adminToken);
    const bad = await mcp.callTool({ name: 'task_status', arguments: { code: 'T-MCP-2', status: 'finished' } });
    expect(bad.isError).to.equal(true);
    expect(textOf(bad)).to.match(/^\[invalid_args\] [^\n]*--status: status must be one of todo, /).and.include('\nUsage: /task-status CODE --status=');
    const unknown = await mcp.callTool({ name: 'task_note', arguments: { code: 'T-MCP-2', note: 'x', colour: 'red' } });
    expect(textOf(unknown)).to.equal('[invalid_args] Unknown option --colour.\nUsage: /task-note CODE "note text"');
    const missing = await mcp.callTool({ name: 'task_note', arguments: { code: 'NOPE-404', note: 'x' } });
    expect(dataOf<{ error: { code: string } }>(missing).error.code).to.equal('not_found');
    // The hub cannot read the caller's disk: the command says how to upload instead.
    const file = await mcp.callTool({ name: 'artifact_upload', arguments: { file: './report.md', task: 'T-MCP-2' } });
    expect(textOf(file)).to.match(/^\[invalid_args\] --file is read on your machine/);
  });

  it("publishes each command's result type as its tool's output schema, which its structured content matches", async () => {
    const mcp = await connect(t.adminToken, true);
    const { tools } = await mcp.listTools();
    const ajv = new Ajv2020({ strict: false });
    const schemaOf = (name: string) => {
      const schema = tools.find((tool) => tool.name === name)?.outputSchema;
      expect(schema, name).to.not.equal(undefined);
      return ajv.compile(schema!);
    };
    for (const command of COMMANDS) schemaOf(command.name.replace(/-/g, '_'));
    const calls: [string, Record<string, unknown>][] = [
      ['task_detail', { code: 'T-MCP-1' }],
      ['tasks', { sprint: 'S-MCP' }],
      ['sprint_detail', { code: 'S-MCP' }],
      ['dashboard', {}],
      ['help', {}],
      ['task_note', { code: 'NOPE-404', note: 'x' }],
    ];
    for (const [name, args] of calls) {
      const validate = schemaOf(name);
      const result = await mcp.callTool({ name, arguments: args });
      expect(validate(result.structuredContent), `${name}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
    }
  });

  it('refuses per tool what the token may not do, and the session goes on', async () => {
    const mcp = await connect(agentToken);
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).to.include('task_note').and.not.include('token_create');
    const admin = await mcp.callTool({ name: 'token_create', arguments: { name: 'sneaky', kind: 'agent' } });
    expect(admin.isError).to.equal(true);
    expect(textOf(admin)).to.match(/^\[forbidden\] \/token-create is for admins/);
    const theirs = await mcp.callTool({ name: 'task_note', arguments: { code: 'T-MCP-2', note: 'not mine' } });
    expect(textOf(theirs)).to.match(/^\[forbidden\] @mcp-bot is not assigned to task:T-MCP-2/);
    const mine = await mcp.callTool({ name: 'task_detail', arguments: { code: 'T-MCP-1' } });
    expect(mine.isError).to.not.equal(true);
  });

  it('refuses a connection without a valid token with 401', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    for (const headers of [{}, { authorization: 'Bearer sbt_wrong' }] as Record<string, string>[]) {
      const res = await fetch(`${t.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(init),
      });
      expect(res.status).to.equal(401);
    }
  });

  it('reads tasks, sprints and artifacts as resources and tells a subscriber when the task changes', async () => {
    const mcp = await connect(agentToken);
    const { resources } = await mcp.listResources();
    expect(resources.map((r) => r.uri)).to.include.members(['switchboard://inbox', 'switchboard://tasks/T-MCP-3', 'switchboard://sprints/S-MCP']);
    const { resourceTemplates } = await mcp.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).to.include('switchboard://tasks/{code}');

    const task = await mcp.readResource({ uri: 'switchboard://tasks/T-MCP-1' });
    expect(task.contents[0]).to.include({ mimeType: 'text/plain' });
    expect((task.contents[0] as { text: string }).text).to.match(/^T-MCP-1 · Fix the parser/);
    const sprint = await mcp.readResource({ uri: 'switchboard://sprints/S-MCP' });
    expect((sprint.contents[0] as { text: string }).text).to.include('S-MCP');

    const admin = await t.connect();
    await admin.command('/artifact-upload --content="plain words" --name=readme.txt --task=T-MCP-1');
    const text = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-MCP-1/readme.txt' });
    expect(text.contents).to.deep.equal([{ uri: 'sb://artifacts/by-task/T-MCP-1/readme.txt', mimeType: 'text/plain', text: 'plain words' }]);
    await admin.command('/artifact-upload --content="%PDF-1.7" --name=scan.pdf --task=T-MCP-1');
    const binary = await mcp.readResource({ uri: 'sb://artifacts/by-task/T-MCP-1/scan.pdf' });
    expect(binary.contents[0]).to.include({ mimeType: 'text/uri-list' });
    expect((binary.contents[0] as { text: string }).text).to.match(/is not text[^\n]*\nhttp:\/\/127\.0\.0\.1:\d+\/api\/artifacts\/by-task\/T-MCP-1\/scan\.pdf\?.*sig=/);

    const theirs = await mcp.readResource({ uri: 'switchboard://tasks/NOPE-1' }).then(
      () => null,
      (err: Error) => err,
    );
    expect(theirs?.message).to.include('[not_found]');

    const updated: string[] = [];
    mcp.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await mcp.subscribeResource({ uri: 'switchboard://tasks/T-MCP-1' });
    await admin.command('/task-note T-MCP-1 "a person adds a note"');
    await eventually(() => expect(updated).to.deep.equal(['switchboard://tasks/T-MCP-1']));
    await mcp.unsubscribeResource({ uri: 'switchboard://tasks/T-MCP-1' });
    await admin.command('/task-note T-MCP-1 "nobody is told"');
    await admin.command('/help'); // a round trip, so a wrongly sent update would have arrived
    expect(updated).to.have.length(1);
    const refused = await mcp.subscribeResource({ uri: 'switchboard://tasks/T-MCP-2' }).then(
      () => null,
      (err: Error) => err,
    );
    expect(refused?.message).to.include('[forbidden]');
  });

  it('gives the quick reference and the INIT plan as prompts', async () => {
    const mcp = await connect(agentToken);
    const { prompts } = await mcp.listPrompts();
    expect(prompts.map((p) => p.name)).to.have.members(['init', 'quick-reference']);
    const reference = await mcp.getPrompt({ name: 'quick-reference' });
    const text = (reference.messages[0]!.content as { text: string }).text;
    expect(text).to.include('# Orchestration Quick Reference').and.include('## /task-note').and.include('task_note');
    const init = await mcp.getPrompt({ name: 'init' });
    expect((init.messages[0]!.content as { text: string }).text).to.include('Switchboard ran your INIT').and.include('init_confirm');
  });

  it('counts an MCP session as the agent being online, until the client ends it', async () => {
    const token = await t.tokenFor('mcp-visitor', 'agent');
    const online = () => t.hub.services.presence.isOnline('mcp-visitor');
    const transport = new StreamableHTTPClientTransport(new URL('/mcp', t.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    const mcp = new Client({ name: 'visitor', version: '1' });
    await mcp.connect(transport);
    await eventually(online);
    const sessions = t.hub.mcp.sessions;
    await transport.terminateSession();
    expect(t.hub.mcp.sessions).to.equal(sessions - 1);
    await eventually(async () => !(await online()));
    await mcp.close();
  });

  it('closes a session whose client went away without a word, so the agent does not stay online', async () => {
    // A client that dies: it opened its notification stream, then its connection just drops (no DELETE).
    const token = await t.tokenFor('mcp-leaver', 'agent');
    const rpc = (body: object, session?: string) =>
      fetch(`${t.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(session ? { 'mcp-session-id': session } : {}) },
        body: JSON.stringify(body),
      });
    const init = await rpc({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'leaver', version: '1' } } });
    const session = init.headers.get('mcp-session-id')!;
    await init.body?.cancel();
    await (await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).body?.cancel();
    const stream = request(`${t.url}/mcp`, { method: 'GET', agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'mcp-session-id': session } });
    await new Promise((resolve) => stream.once('response', resolve).end());
    // Presence is written as the session opens, not before initialize is answered.
    await eventually(() => t.hub.services.presence.isOnline('mcp-leaver'));
    await t.hub.mcp.closeIdle(0);
    expect(await t.hub.services.presence.isOnline('mcp-leaver'), 'a session with an open stream stays').to.equal(true);
    stream.destroy();
    await eventually(async () => {
      await t.hub.mcp.closeIdle(0);
      return !(await t.hub.services.presence.isOnline('mcp-leaver'));
    });
  });
});
