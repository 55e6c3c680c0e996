import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CommandInfo, CommandName } from '../../protocol/index.js';
import { COMMAND_RESULT_SCHEMAS } from '../../protocol/command-result-schemas.js';

/** `task-note` -> `task_note`: MCP clients expect identifier-like tool names. */
export const toolName = (command: string) => command.replace(/-/g, '_');

/** `task_note` -> `task-note`. */
export const commandName = (tool: string) => tool.replace(/_/g, '-');

/**
 * The commands an agent uses every day, the default tool list: its start (INIT and confirm), its
 * inbox, its task, its files and its log. Everything else is one `switchboard` call away, so the
 * list costs an agent's context a few kilobytes instead of tens.
 */
export const LEAN_COMMANDS = [
  'init',
  'init-confirm',
  'messages-check',
  'task-detail',
  'task-claim',
  'task-status',
  'task-note',
  'task-done',
  'artifact-upload',
  'artifact-preview',
  'agent-log',
] as const;

/** Tool names other orchestration tools use for our commands; listed in the full list, always callable. */
export const TOOL_ALIASES: Readonly<Record<string, string>> = {
  artifacts_list: 'artifacts',
  artifacts_upload: 'artifact-upload',
  artifacts_download: 'artifact-download',
  artifacts_preview: 'artifact-preview',
};

/** The tool that runs any command line: the way to every command the lean list leaves out. */
export const SWITCHBOARD_TOOL = 'switchboard';

const annotationsOf = (info: CommandInfo) => ({
  readOnlyHint: info.readOnly,
  // The spec assumes destructive unless told; most commands only add or move things on.
  destructiveHint: info.destructive,
  ...(info.readOnly ? { idempotentHint: true } : {}),
  // Everything happens on the hub, which is a closed world.
  openWorldHint: false,
});

/** The schema without its `$schema` line, which every client already assumes. */
function schemaOf(info: CommandInfo): Tool['inputSchema'] {
  const { $schema: _dialect, ...schema } = info.inputSchema;
  return { ...schema, type: 'object' };
}

const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_RESULT_SCHEMAS, name);

/** What a refused command's tool result carries instead of the command's data (tool-result.ts). */
const REFUSAL_SCHEMA = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['error'],
};

/**
 * The structured content of the command's tool result: its result data (CommandResults), or a
 * refusal. None for a command this build does not know (a remote hub may be newer).
 */
function outputSchemaOf(info: CommandInfo): Pick<Tool, 'outputSchema'> {
  return isCommandName(info.name) ? { outputSchema: { type: 'object', anyOf: [COMMAND_RESULT_SCHEMAS[info.name], REFUSAL_SCHEMA] } } : {};
}

/** One MCP tool per command, described by the command's own catalog entry: no hand-written list. */
export function toolFor(info: CommandInfo, name = toolName(info.name)): Tool {
  const aliases = info.aliases.length ? `\nAlso typed as ${info.aliases.map((a) => `/${a}`).join(', ')}.` : '';
  const alias = name === toolName(info.name) ? '' : `\nSame as ${toolName(info.name)}.`;
  return {
    name,
    title: `/${info.name}`,
    description: `${info.summary}\nIn chat: ${info.usage}${aliases}${alias}`,
    inputSchema: schemaOf(info),
    ...outputSchemaOf(info),
    annotations: { title: `/${info.name}`, ...annotationsOf(info) },
  };
}

/**
 * The lean form: the summary alone (the schema names the options), no repeated title, and no
 * output schema (they would more than double the list the model reads; the full list has them).
 */
export function leanToolFor(info: CommandInfo): Tool {
  return { name: toolName(info.name), description: info.summary, inputSchema: schemaOf(info), annotations: annotationsOf(info) };
}

export const switchboardTool: Tool = {
  name: SWITCHBOARD_TOOL,
  description: 'Run any Switchboard command line, e.g. "/tasks --sprint=S-1". "/help" lists every command, "/help NAME" shows one.',
  inputSchema: {
    type: 'object',
    properties: { line: { type: 'string', description: 'The command line, starting with /' } },
    required: ['line'],
  },
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
};

/** The tool list: the lean set plus `switchboard`, or every command and the alias names. */
export function toolList(commands: CommandInfo[], full: boolean): Tool[] {
  if (!full) {
    const lean = (LEAN_COMMANDS as readonly string[]).flatMap((name) => commands.filter((c) => c.name === name));
    return [...lean.map(leanToolFor), switchboardTool];
  }
  const aliases = Object.entries(TOOL_ALIASES).flatMap(([alias, command]) => commands.filter((c) => c.name === command).map((c) => toolFor(c, alias)));
  return [...commands.map((c) => toolFor(c)), ...aliases];
}
