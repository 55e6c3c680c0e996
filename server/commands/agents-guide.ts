import type { CommandInfo } from '../../protocol/index.js';

/** The artifact name of the generated guide, as coding agents look for it. */
export const AGENTS_GUIDE_NAME = 'AGENTS.md';

/** The commands an agent's day is made of, in the order it uses them. */
const DAY = ['init', 'init-confirm', 'messages-check', 'task-detail', 'task-claim', 'task-note', 'task-status', 'agent-log', 'artifact-upload', 'artifact-preview', 'task-done'];

/**
 * A short CLAUDE.md / AGENTS.md for a project whose coding agents work through Switchboard:
 * how to connect, how to start, the everyday commands (usage and summary from the registry, so it
 * cannot name a command that does not exist), and where files go.
 */
export function agentsGuideMarkdown(commands: readonly CommandInfo[], hubUrl = 'http://127.0.0.1:3000'): string {
  const known = new Map(commands.map((c) => [c.name, c]));
  const day = DAY.flatMap((name) => (known.has(name) ? [known.get(name)!] : []));
  const row = (c: CommandInfo) => `| \`${c.usage.replace(/\|/g, '\\|')}\` | \`${c.name.replace(/-/g, '_')}\` | ${c.summary.replace(/\|/g, '\\|')} |`;
  return [
    '# Working in this project with Switchboard',
    '',
    'Tasks, notes, files and messages live on the Switchboard hub, not in files of this repository.',
    'Every action is a chat command; over MCP each everyday command is a tool of the same name (`/task-note` is `task_note`),',
    'and the `switchboard` tool runs any other command line. People see what you do in the task\'s room.',
    '',
    '## Connect',
    '',
    `- MCP over HTTP: \`${hubUrl}/mcp\` with \`Authorization: Bearer $SWITCHBOARD_TOKEN\` (add \`?tools=all\` to list every command as a tool).`,
    `- MCP over stdio: \`npx switchboard mcp --hub ${hubUrl} --token $SWITCHBOARD_TOKEN\`.`,
    `- Shell: \`npx switchboard --hub ${hubUrl} <command> [arguments]\`.`,
    '',
    '## Start of a session',
    '',
    '1. `/init`: INIT proposes your plan and shows the first task with its context.',
    '2. `/init-confirm --start`: confirm the plan and start its first task (claimed, in progress).',
    '3. Work; note what you find with `/task-note CODE "..."` and say what you do with `/agent-log "..."`.',
    '4. `/task-done CODE "summary" --report="markdown"`: finish; the report is stored as the task\'s report.md.',
    '',
    '## Everyday commands',
    '',
    '| Command | MCP tool | What it does |',
    '| --- | --- | --- |',
    ...day.map(row),
    '',
    '`/help` lists every command you may run; `/help NAME` explains one.',
    '',
    '## Where files go',
    '',
    '- Attach results to the task: `/artifact-upload --content="..." --name=NAME --task=CODE` (the CLI and stdio MCP also take `--file=PATH`).',
    '- Artifacts are addressed as `sb://artifacts/by-task/CODE/NAME` (also `by-sprint/CODE/` and `project/`); read one with `/artifact-preview URI`.',
    '- Project documentation is listed by `/docs`; do not keep task notes or plans in this repository.',
    '',
  ].join('\n');
}

/** Every `/command` a text names (as `/name` at a word start), to check against the registry. */
export const commandsNamedIn = (text: string) => [...new Set([...text.matchAll(/(?:^|[\s`(])\/([a-z][a-z-]*[a-z])\b(?!\/)/gm)].map((m) => m[1]!))];
