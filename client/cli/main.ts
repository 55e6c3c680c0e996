#!/usr/bin/env node
import { basename, resolve } from 'node:path';
import { SwitchboardError, SwitchboardHttp, quote } from '../sdk/index.js';
import { parseCliOptions, takeOption } from './options.js';

const HELP = `switchboard: run Switchboard commands from a terminal

  switchboard [--hub URL] [--token TOKEN] [--room ROOM] <command> [arguments...]
  (commands run in your own inbox room, agent:<you>, unless --room says otherwise)

  switchboard help
  switchboard sprints-create SPRINT-1 --title="First sprint"
  switchboard task-note T-1 "found the bug"
  switchboard artifact-upload --file=./report.md --task=T-1     (streams the file)
  switchboard artifact-download sb://artifacts/by-task/T-1/report.md [--out=PATH]
  switchboard mcp --hub URL --token TOKEN                    (an MCP server on stdio)
  switchboard runner --hub URL --token TOKEN [--slots=2]     (take runs and execute them in a sandbox)
  switchboard mcp --hub URL --token TOKEN [--all-tools]      (an MCP server on stdio)
  switchboard agents-md [--hub URL] > AGENTS.md              (instructions for coding agents)

Environment: SWITCHBOARD_HUB (http://127.0.0.1:3000), SWITCHBOARD_TOKEN; on the hub's machine
the admin token in DATA_DIR/admin.token is used when no token is given.
Exit status: 0 when the command succeeded, 1 when the hub refused it, 2 on a usage error.`;

async function run(argv: string[]): Promise<number> {
  const options = parseCliOptions(argv);
  const [name, ...args] = options.words;
  if (!name || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  // Loaded on demand: other commands need none of the MCP server.
  if (name === 'mcp') return (await import('./mcp.js')).runMcp(args, options);
  if (name === 'runner') return (await import('./runner.js')).runRunner(args, options);
  if (name === 'agents-md') return (await import('./agents-md.js')).runAgentsMd(args, options);
  if (!options.token) {
    console.error('switchboard: no token. Pass --token, set SWITCHBOARD_TOKEN, or run where DATA_DIR/admin.token is.');
    return 2;
  }
  const hub = new SwitchboardHttp(options.hub, options.token);
  const command = name.replace(/^\//, '');

  if (command === 'artifact-upload') {
    const file = takeOption(args, 'file');
    if (file.value) {
      const named = takeOption(file.rest, 'name');
      const path = resolve(file.value);
      const { result } = await hub.uploadArtifact(path, named.rest.map(quote).join(' '), { name: named.value ?? basename(path), room: options.room });
      console.log(result.text);
      return 0;
    }
  }

  if (command === 'artifact-download') {
    const out = takeOption(args, 'out');
    const { data } = await hub.command(`/artifact-download ${out.rest.map(quote).join(' ')}`, options.room);
    const target = resolve(out.value ?? data.fileName);
    const bytes = await hub.downloadTo(data.url, target);
    console.log(`Saved ${data.name} (${bytes} bytes) to ${target}`);
    return 0;
  }
  const result = await hub.command(`/${command} ${args.map(quote).join(' ')}`.trim(), options.room);
  console.log(result.text);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SwitchboardError) {
      console.error(`error [${err.code}]: ${err.message}`);
      if (err.usage) console.error(`usage: ${err.usage}`);
      process.exit(1);
    }
    console.error(`switchboard: ${(err as Error).message}`);
    process.exit(1);
  },
);
