import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { HubError } from '../errors.js';
import { commandLine } from './command-line.js';
import { roomFor } from './command-room.js';
import type { HubCalls } from './hub-calls.js';
import { lineTarget } from './line-room.js';
import { uploadLocalFile } from './local-file.js';
import { portError } from './port-errors.js';
import { SWITCHBOARD_TOOL, TOOL_ALIASES, commandName, toolList, toolName } from './tool-catalog.js';
import { toolError, toolResult } from './tool-result.js';

export interface ToolsOptions {
  /** List every command (and the alias names), not just the lean daily set. */
  full?: boolean;
}

/** tools/list and tools/call: the command registry as MCP tools, each call a chat command. */
export class Tools {
  constructor(
    private readonly hub: HubCalls,
    private readonly options: ToolsOptions = {},
  ) {}

  async list(): Promise<Tool[]> {
    return toolList(await this.hub.commands(), this.options.full ?? false);
  }

  /**
   * Runs the command through the hub's one chat path, in the room it belongs to. Any command may
   * be called, listed or not (the lean list is only what is shown): a command the caller may not
   * run is still asked of the hub, which says why not. Rights are decided by the hub per call.
   */
  async call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    try {
      const commands = await this.hub.commands();
      if (name === SWITCHBOARD_TOOL) {
        if (typeof args.line !== 'string') throw new HubError('invalid_args', 'switchboard needs "line", a command line such as "/help".', '{ "line": "/command [arguments]" }');
        const target = lineTarget(args.line, commands, this.hub.port.principal);
        // A line typed on purpose (/help, a listing) is answered whole: that is what it asked for.
        return toolResult(await this.hub.port.run(target.room, target.line), { whole: true });
      }
      const wanted = TOOL_ALIASES[name] ?? commandName(name);
      const info = commands.find((c) => toolName(c.name) === toolName(wanted));
      const command = info?.name ?? wanted;
      const line = commandLine(command, await uploadLocalFile(this.hub.port, command, args));
      const room = roomFor(info, args, this.hub.port.principal);
      return toolResult(await this.hub.port.run(room, line));
    } catch (err) {
      return toolError(portError(err));
    }
  }
}
