import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { agentRoom, resultOfLine, type CommandResult, type ResultOfLine, type WireError, type CommandInfo } from '../../protocol/index.js';
import { clip } from '../errors.js';
import type { HubPort } from './hub-port.js';
import { describeWireError, portError } from './port-errors.js';

/** The MCP code for an unknown resource (the SDK has no constant for it yet). */
export const RESOURCE_NOT_FOUND = -32002;

/** A hub refusal met while serving a resource or a prompt, where MCP wants a protocol error. */
export function protocolError(error: WireError): McpError {
  const code = error.code === 'not_found' ? RESOURCE_NOT_FOUND : ErrorCode.InvalidRequest;
  return new McpError(code, describeWireError(error), { code: error.code });
}

/**
 * What the MCP server asks of the hub besides tool calls. Reads (resources, prompts) run their
 * read-only commands in the caller's own inbox: private to it and admins, never in a room people
 * work in, and still stored like every other action.
 */
export class HubCalls {
  private catalog: Promise<CommandInfo[]> | null = null;

  constructor(readonly port: HubPort) {}

  /** The caller's commands, asked once per session (the registry does not change while a hub runs). */
  commands(): Promise<CommandInfo[]> {
    this.catalog ??= this.port.listCommands().catch((err: unknown) => {
      this.catalog = null; // a failure is not remembered: the next call asks again
      throw err;
    });
    return this.catalog;
  }

  async has(command: string): Promise<boolean> {
    return (await this.commands()).some((c) => c.name === command);
  }

  /** Runs a line in the caller's inbox; a refusal throws an McpError with the hub's code and sentence. */
  async inInbox<L extends string>(line: L): Promise<CommandResult<ResultOfLine<L>>> {
    let ack;
    try {
      ack = await this.port.run(agentRoom(this.port.principal.name), line);
    } catch (err) {
      throw protocolError(portError(err));
    }
    if (!ack.ok) throw protocolError(ack.error);
    if (!ack.result) throw new McpError(ErrorCode.InternalError, `${clip(line, 200)} gave no result.`);
    return resultOfLine(line, ack.result);
  }
}
