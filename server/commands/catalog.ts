import { z } from 'zod';
import type { CommandInfo, Role } from '../../protocol/index.js';
import type { AnyCommand } from './definition.js';
import { describeOptions } from './help.js';

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
    // `refers` is for the options above; JSON Schema has no such keyword.
    inputSchema: z.toJSONSchema(c.args, { io: 'input', unrepresentable: 'any', override: ({ jsonSchema }) => void delete jsonSchema['refers'] }) as CommandInfo['inputSchema'],
  };
}

/** The commands a role may run, described. */
export const catalogFor = (commands: readonly AnyCommand[], role: Role): CommandInfo[] =>
  commands.filter((c) => !c.roles || c.roles.includes(role)).map(commandInfo);
