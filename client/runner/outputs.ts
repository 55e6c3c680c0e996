import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX_ENTRIES = 10_000;
export const MAX_OUTPUT_FILES = 50;

/** `dist/*.tgz`, `**\/*.xml`, `report.?`: `*` and `?` stay within a folder, `**` crosses folders. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The regular files of `root` (never following symlinks: a run could point one anywhere) whose
 * path relative to it matches one of `globs`; at most MAX_OUTPUT_FILES, looking at MAX_ENTRIES.
 */
export function matchOutputs(root: string, globs: string[]): string[] {
  if (!globs.length) return [];
  const patterns = globs.map(globRegExp);
  const found: string[] = [];
  const queue = [''];
  let seen = 0;
  while (queue.length && seen < MAX_ENTRIES && found.length < MAX_OUTPUT_FILES) {
    const rel = queue.shift()!;
    let entries: string[];
    try {
      entries = readdirSync(join(root, rel));
    } catch {
      continue;
    }
    for (const name of entries.sort()) {
      if (++seen > MAX_ENTRIES) break;
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) queue.push(path);
      else if (st.isFile() && patterns.some((p) => p.test(path))) found.push(path);
      if (found.length >= MAX_OUTPUT_FILES) break;
    }
  }
  return found;
}
