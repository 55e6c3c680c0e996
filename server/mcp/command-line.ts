import { quote } from '../../client/sdk/http.js';
import { HubError } from '../errors.js';

const OPTION_NAME = /^[A-Za-z][\w-]*$/;

/** One argument as the hub's parser reads it back: `--flag`, `--key=value`, lists comma-joined. */
function option(key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (value === true) return `--${key}`;
  // The parser knows the command's boolean options, so `--k=false` reads back as false.
  if (value === false) return `--${key}=false`;
  if (Array.isArray(value)) return `--${key}=${quote(value.map(String).join(','))}`;
  if (typeof value === 'object') return `--${key}=${quote(JSON.stringify(value))}`;
  return `--${key}=${quote(String(value))}`;
}

/**
 * The chat line for a tool call: `/name --key=value ...`. Every argument goes by name (never by
 * position) so no value is mistaken for another, and each is quoted with the SDK's `quote`.
 */
export function commandLine(command: string, args: Record<string, unknown>): string {
  const words = [`/${command}`];
  for (const [key, value] of Object.entries(args)) {
    if (!OPTION_NAME.test(key)) throw new HubError('invalid_args', `"${key}" is not an option name.`);
    const word = option(key, value);
    if (word) words.push(word);
  }
  return words.join(' ');
}
