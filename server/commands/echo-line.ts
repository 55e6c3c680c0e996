import type { RoomName } from '../../protocol/index.js';
import { commandLine } from '../mcp/command-line.js';
import type { AnyCommand } from './definition.js';

/**
 * The line a room stores and shows for a command: as typed, unless it carries private
 * arguments (a message body, a remembered value) outside the one room they may be shown in.
 * Then it is the command's name and its public arguments, each by name, with a word saying
 * what was left out; the sender's ack still holds the line as typed.
 */
export function echoLine(command: AnyCommand, input: Record<string, unknown>, args: unknown, room: RoomName, typed: string): string {
  const hidden = (command.privateArgs ?? []).filter((k) => input[k] !== undefined);
  if (!hidden.length) return typed;
  if (command.showsPrivateIn?.(args as never) === room) return typed;
  const shown = Object.fromEntries(Object.entries(input).filter(([k]) => !hidden.includes(k)));
  return `${commandLine(command.name, shown)} (${hidden.join(', ')} not shown)`;
}
