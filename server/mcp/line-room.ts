import { splitCommand, tokenize } from '../commands/parse-line.js';
import { HubError } from '../errors.js';
import { roomFor } from './command-room.js';
import type { RoomName, CommandInfo, PrincipalWithRole } from '../../protocol/index.js';

/** `--key=value` or `--key value` of a word list; undefined when absent. */
function optionOf(words: string[], key: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith(`--${key}=`)) return word.slice(key.length + 3);
    if (word === `--${key}` && words[i + 1] && !words[i + 1]!.startsWith('--')) return words[i + 1];
  }
  return undefined;
}

/**
 * The command a typed line runs and the room it is posted in, found as for a tool call: the
 * task's room when the line names one task (its code positional, --code or --task), else the
 * caller's inbox. The hub parses the line again, strictly; this only picks the room.
 */
export function lineTarget(line: string, commands: CommandInfo[], principal: PrincipalWithRole): { line: string; room: RoomName } {
  const typed = line.trim().startsWith('/') ? line.trim() : `/${line.trim()}`;
  const split = splitCommand(typed);
  if (!split) throw new HubError('invalid_args', 'The line must start with a command name, e.g. "/help".', '{ "line": "/command [arguments]" }');
  const info = commands.find((c) => c.name === split.name || c.aliases.includes(split.name));
  let words: string[] = [];
  try {
    words = tokenize(split.rest);
  } catch {
    // An unclosed quote: the hub says so with the command's usage.
  }
  const bare = words.filter((w) => !w.startsWith('--'));
  const first = info?.positionals[0]?.replace(/\.\.\.$/, '');
  const args = { code: optionOf(words, 'code') ?? (first === 'code' ? bare[0] : undefined), task: optionOf(words, 'task') };
  return { line: typed, room: roomFor(info, args, principal) };
}
