import parseArgs from 'yargs-parser';
import { z } from 'zod';
import { HubError } from '../errors.js';
import type { AnyCommand } from './definition.js';

/** `/name rest...` -> the name (lower-case) and the rest; null when the text is no command. */
export function splitCommand(line: string): { name: string; rest: string } | null {
  const m = /^\/([A-Za-z][\w-]*)(?:\s+([\s\S]*))?$/.exec(line.trim());
  return m ? { name: m[1]!.toLowerCase(), rest: m[2] ?? '' } : null;
}

/**
 * Splits a command line into words the way a shell would: whitespace (new lines too) separates,
 * "double" or 'single' quotes group and are removed, a backslash escapes a quote inside quotes.
 * Quotes may start mid-word, so `--title="Two words"` is one word. We split ourselves because
 * yargs-parser leaves the quotes on quoted positional words.
 */
export function tokenize(input: string, usage?: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quote) {
      if (ch === '\\' && (input[i + 1] === quote || input[i + 1] === '\\')) word += input[++i];
      else if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new HubError('bad_request', `A ${quote === '"' ? 'double' : 'single'} quote is not closed.`, usage);
  if (inWord) words.push(word);
  return words;
}

/** Unwraps optional/default wrappers to see what a schema field really is. */
function isBooleanField(field: z.ZodType): boolean {
  let f: z.ZodType = field;
  while (f instanceof z.ZodOptional || f instanceof z.ZodDefault) f = f.unwrap() as z.ZodType;
  return f instanceof z.ZodBoolean;
}

/** Words -> the object a command's zod schema validates: options by name, bare words by position. */
export function argvToInput(command: AnyCommand, words: string[]): Record<string, unknown> {
  const shape = command.args.shape as Record<string, z.ZodType>;
  const booleans = Object.keys(shape).filter((k) => isBooleanField(shape[k]!));
  const parsed = parseArgs(words, {
    boolean: booleans,
    configuration: {
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'camel-case-expansion': false,
      'dot-notation': false,
      'boolean-negation': false,
      'short-option-groups': false,
      'strip-aliased': true,
    },
  });
  const { _: bare, ...options } = parsed;
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    // yargs sets every declared boolean to false; absent should stay absent.
    if (booleans.includes(k) && v === false && !words.some((w) => w === `--${k}` || w.startsWith(`--${k}=`))) continue;
    input[k] = v;
  }
  const positionals = command.positionals ?? [];
  const rest = bare.map(String);
  for (const [i, spec] of positionals.entries()) {
    if (!rest.length) break;
    const greedy = spec.endsWith('...');
    const key = greedy ? spec.slice(0, -3) : spec;
    const value = greedy ? rest.splice(0).join(' ') : rest.shift()!;
    if (key in input) throw new HubError('invalid_args', `${key} is given twice (as --${key} and as word ${i + 1}).`, command.usage);
    input[key] = value;
  }
  if (rest.length) {
    throw new HubError('invalid_args', `Unexpected ${rest.length === 1 ? 'word' : 'words'}: ${rest.map((w) => `"${w}"`).join(' ')}. Quote text that has spaces.`, command.usage);
  }
  return input;
}

/** The first zod issue as one sentence naming the option. */
export function describeIssue(command: AnyCommand, error: z.ZodError): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return `Unknown option ${issue.keys.map((k) => `--${k}`).join(', ')}.`;
  }
  const key = String(issue.path[0] ?? '');
  const positional = (command.positionals ?? []).some((p) => p.replace(/\.\.\.$/, '') === key);
  const label = !key ? 'arguments' : positional ? `<${key}>` : `--${key}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `Missing ${label}.`;
  // An absent enum or list option fails as a bad value; say it is missing, and what it takes.
  if ((issue.code === 'invalid_value' || issue.code === 'invalid_union') && issue.input === undefined) return `Missing ${label}: ${issue.message}.`;
  return `Invalid ${label}: ${issue.message}.`;
}
