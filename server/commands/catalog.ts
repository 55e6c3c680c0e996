import { z } from 'zod';
import type { Role, RoomKind } from '../../protocol/index.js';
import type { AnyCommand } from './definition.js';
import { describeOptions } from './help.js';

/** A command as clients see it: for autocomplete, MCP tools, the CLI and generated docs. */
export interface CommandInfo {
  name: string;
  aliases: string[];
  summary: string;
  usage: string;
  roles: Role[] | null;
  rooms: RoomKind[] | null;
  readOnly: boolean;
  destructive: boolean;
  /** Bare-word arguments in order; a trailing `...` takes the rest of the line. */
  positionals: string[];
  options: { name: string; description: string; positional: boolean }[];
  /** JSON Schema (2020-12) of the arguments object, as typed (before normalising). */
  inputSchema: Record<string, unknown>;
}

export function commandInfo(c: AnyCommand): CommandInfo {
  return {
    name: c.name,
    aliases: [...(c.aliases ?? [])],
    summary: c.summary,
    usage: c.usage,
    roles: c.roles ? [...c.roles] : null,
    rooms: c.rooms ? [...c.rooms] : null,
    readOnly: c.readOnly ?? false,
    destructive: c.destructive ?? false,
    positionals: [...(c.positionals ?? [])],
    options: describeOptions(c),
    inputSchema: z.toJSONSchema(c.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  };
}

/** The commands a role may run, described. */
export const catalogFor = (commands: readonly AnyCommand[], role: Role): CommandInfo[] =>
  commands.filter((c) => !c.roles || c.roles.includes(role)).map(commandInfo);
