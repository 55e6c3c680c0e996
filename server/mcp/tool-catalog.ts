import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CommandInfo } from '../commands/catalog.js';

/** `task-note` -> `task_note`: MCP clients expect identifier-like tool names. */
export const toolName = (command: string) => command.replace(/-/g, '_');

/** `task_note` -> `task-note`. */
export const commandName = (tool: string) => tool.replace(/_/g, '-');

/** One MCP tool per command, described by the command's own catalog entry: no hand-written list. */
export function toolFor(info: CommandInfo): Tool {
  const aliases = info.aliases.length ? `\nAlso typed as ${info.aliases.map((a) => `/${a}`).join(', ')}.` : '';
  return {
    name: toolName(info.name),
    title: `/${info.name}`,
    description: `${info.summary}\nIn chat: ${info.usage}${aliases}`,
    inputSchema: { ...info.inputSchema, type: 'object' },
    annotations: {
      title: `/${info.name}`,
      readOnlyHint: info.readOnly,
      // The spec assumes destructive unless told; most commands only add or move things on.
      destructiveHint: info.destructive,
      ...(info.readOnly ? { idempotentHint: true } : {}),
      // Everything happens on the hub, which is a closed world.
      openWorldHint: false,
    },
  };
}
