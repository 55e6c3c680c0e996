import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CliOptions {
  hub: string;
  token: string | null;
  /** Absent: the caller's own inbox (the hub picks it). */
  room?: string;
  /** The command and its words, as typed after the options. */
  words: string[];
}

const GLOBAL = new Set(['--hub', '--token', '--room']);

/**
 * `switchboard [--hub URL] [--token T] [--room R] <command> [words...]`. Options may also come
 * from SWITCHBOARD_HUB / SWITCHBOARD_TOKEN; on the hub's own machine the admin token file in
 * DATA_DIR (./data) is used when nothing else is given.
 */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const found: Record<string, string> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    if (!GLOBAL.has(key)) break;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    found[key.slice(2)] = value;
  }
  const tokenFile = join(env.DATA_DIR || 'data', 'admin.token');
  const token = found.token ?? env.SWITCHBOARD_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : null);
  return {
    hub: (found.hub ?? env.SWITCHBOARD_HUB ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    token,
    room: found.room,
    words: argv.slice(i),
  };
}

/** The value of `--name=value` or `--name value` among `words`, and the words without it. */
export function takeOption(words: string[], name: string): { value: string | null; rest: string[] } {
  const rest: string[] = [];
  let value: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === `--${name}`) value = words[++i] ?? '';
    else if (w.startsWith(`--${name}=`)) value = w.slice(name.length + 3);
    else rest.push(w);
  }
  return { value, rest };
}
