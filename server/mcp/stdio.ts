import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { RemoteHubPort } from './remote-port.js';
import { createMcpSession } from './server.js';
import type { ToolsOptions } from './tools.js';

/**
 * `switchboard mcp`: an MCP server on this process's stdin/stdout, acting on a hub elsewhere with
 * a token. Resolves when the client goes away (stdin ends) and everything is closed. Nothing else
 * may write to stdout meanwhile: it carries the protocol.
 */
export async function serveMcpOverStdio(hubUrl: string, token: string, options: ToolsOptions = {}): Promise<void> {
  const port = await RemoteHubPort.connect(hubUrl, token);
  const session = await createMcpSession(port, options);
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    session.server.onclose = () => resolve();
  });
  await session.server.connect(new StdioServerTransport());
  await ended;
  await session.close();
}
