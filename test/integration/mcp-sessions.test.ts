import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'chai';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { ManualClock } from '../support/clock.js';
import { mcpOverHttp, textOf } from '../support/mcp.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** Issue 10, point 13: MCP sessions are capped per token, expire when idle, and errors do not echo kilobytes. */
describe('MCP sessions: cap, idle expiry, short errors', () => {
  let token: string;
  const clients: Client[] = [];

  const clock = new ManualClock();
  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
  });
  const t = withTestHub({ clock, mcp: { sessionsPerToken: 2 } });
  before(async () => {
    token = await t.tokenFor('sessions-bot', 'agent');
  });

  /** Ends a session as a polite client does: DELETE /mcp, then closes. */
  const end = async (c: Client) => {
    await (c.transport as StreamableHTTPClientTransport).terminateSession();
    await c.close();
  };

  const post = (body: unknown, session?: string, bearer = token) =>
    fetch(`${t.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } : {}),
      },
      body: JSON.stringify(body),
    });

  it('refuses a session past the cap of one token, and frees a place when one ends', async () => {
    clients.push(await mcpOverHttp(t.url, token), await mcpOverHttp(t.url, token));
    const third = await post(INITIALIZE);
    expect(third.status).to.equal(429);
    const body = (await third.json()) as { error: { message: string } };
    expect(body.error.message).to.contain('at most 2');
    // Another token is not counted against this one.
    clients.push(await mcpOverHttp(t.url, await t.tokenFor('other-bot', 'agent')));
    await end(clients.shift()!);
    await end(clients.shift()!);
    const again = await mcpOverHttp(t.url, token);
    clients.push(again);
    expect((await again.listTools()).tools.length).to.be.greaterThan(0);
  });

  it('closes a session idle for longer than 10 minutes, well before 30', async () => {
    for (const c of clients.splice(0)) await end(c);
    const opened = await post(INITIALIZE);
    expect(opened.status).to.equal(200);
    const session = opened.headers.get('mcp-session-id')!;
    await opened.text();
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status).to.equal(202);

    clock.advance(9 * 60_000);
    const stillThere = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, session);
    expect(stillThere.status).to.equal(200);
    await stillThere.text();

    clock.advance(11 * 60_000);
    const gone = await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, session);
    expect(gone.status).to.equal(404);
    expect(((await gone.json()) as { error: { message: string } }).error.message).to.contain('Session not found');
  });

  it('answers kilobytes of input with an error of a few hundred characters, on MCP and on the socket', async () => {
    const mcp = await mcpOverHttp(t.url, token);
    clients.push(mcp);
    const huge = 'x'.repeat(20_000);
    const read = await mcp.readResource({ uri: `switchboard://nothing/${huge}` }).then(
      () => null,
      (e: Error) => e,
    );
    expect(read).to.not.equal(null);
    expect(read!.message.length).to.be.lessThan(1000);
    const call = await mcp.callTool({ name: `no_such_tool_${huge}`, arguments: {} });
    expect(call.isError).to.equal(true);
    expect(textOf(call).length).to.be.lessThan(1000);
    const note = await mcp.callTool({ name: 'task_note', arguments: { code: `T-${huge}`, note: 'n' } });
    expect(textOf(note).length).to.be.lessThan(1500);

    const socket = await SwitchboardClient.connect(t.url, token);
    try {
      for (const line of [`/${huge}`, `/task-note T-1 --${huge}=1`, `/memory-get ${huge} ${huge}`]) {
        const ack = await socket.send('agent:sessions-bot', line);
        expect(ack.ok).to.equal(false);
        if (!ack.ok) expect(ack.error.message.length, line.slice(0, 30)).to.be.lessThan(1000);
      }
    } finally {
      socket.close();
    }
  });
});
