import { HubError } from '../errors.js';
import type { AnyCommand } from './definition.js';
import { splitCommand } from './parse-line.js';

/** Commands a schedule may not run: schedules making schedules, or undoing themselves. */
const NOT_SCHEDULABLE = ['schedule-create', 'schedule-pause', 'schedule-delete'];

/** A scheduled line names a command this hub knows; its arguments and rights are checked when it runs. */
export function parseLine(line: string, commands: readonly AnyCommand[]): AnyCommand {
  const split = line.startsWith('/') ? splitCommand(line) : null;
  if (!split) throw new HubError('invalid_args', `"${line}" is not a command line: it starts with / and a command name, like "/sprint-status S-1".`);
  const command = commands.find((c) => c.name === split.name || c.aliases?.includes(split.name));
  if (!command) throw new HubError('unknown_command', `There is no /${split.name} to schedule; /help lists the commands.`);
  if (NOT_SCHEDULABLE.includes(command.name)) throw new HubError('invalid_args', `/${command.name} cannot be scheduled.`);
  return command;
}
