#!/usr/bin/env node
// `npx switchboard ...`: builds on first use (same checks as npm start), then runs the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../dist/client/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  // Build chatter goes to stderr: stdout may be an MCP stream (`switchboard mcp`).
  const built = spawnSync(process.execPath, ['scripts/ensure.mjs', '--build'], { cwd: root, stdio: ['ignore', 2, 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(cli.href);
