import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { commandLine } from './command-line.js';
import { roomFor } from './command-room.js';
import type { HubCalls } from './hub-calls.js';
import { uploadLocalFile } from './local-file.js';
import { portError } from './port-errors.js';
import { commandName, toolFor, toolName } from './tool-catalog.js';
import { toolError, toolResult } from './tool-result.js';

/** tools/list and tools/call: the command registry as MCP tools, each call a chat command. */
export class Tools {
  constructor(private readonly hub: HubCalls) {}

  async list(): Promise<Tool[]> {
    return (await this.hub.commands()).map(toolFor);
  }

  /**
   * Runs the command through the hub's one chat path, in the room it belongs to. A command the
   * caller may not run is not listed, yet is still asked of the hub, which says why not: rights
   * are decided by the hub per call, never guessed here.
   */
  async call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    try {
      const info = (await this.hub.commands()).find((c) => toolName(c.name) === name);
      const command = info?.name ?? commandName(name);
      const line = commandLine(command, await uploadLocalFile(this.hub.port, command, args));
      const room = roomFor(info, args, this.hub.port.principal);
      return toolResult(await this.hub.port.run(room, line));
    } catch (err) {
      return toolError(portError(err));
    }
  }
}
