import { serveMcpOverStdio } from '../../server/mcp/stdio.js';
import { parseCliOptions, type CliOptions } from './options.js';

export const MCP_USAGE = 'switchboard mcp [--hub URL] [--token TOKEN] [--all-tools]   (an MCP server on stdio, for Claude Code, Cursor, ...)';

/**
 * `switchboard mcp --hub URL --token T`. The options may come after `mcp` (as MCP client configs
 * write them) or before it like any command's; after wins, then the environment, as elsewhere.
 * Only the MCP protocol goes to stdout; anything said to a person goes to stderr.
 */
export async function runMcp(words: string[], outer: CliOptions): Promise<number> {
  // --all-tools lists every command as a tool; without it, the lean daily set and `switchboard`.
  const full = words.includes('--all-tools');
  const own = parseCliOptions(words.filter((w) => w !== '--all-tools'), { ...process.env, SWITCHBOARD_HUB: outer.hub, SWITCHBOARD_TOKEN: outer.token ?? undefined });
  if (own.words.length) {
    console.error(`switchboard mcp: unexpected ${own.words.join(' ')}\nusage: ${MCP_USAGE}`);
    return 2;
  }
  if (!own.token) {
    console.error('switchboard mcp: no token. Pass --token, set SWITCHBOARD_TOKEN, or run where DATA_DIR/admin.token is.');
    return 2;
  }
  await serveMcpOverStdio(own.hub, own.token, { full });
  return 0;
}
