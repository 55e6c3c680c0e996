import { NAME_PATTERN } from '../../protocol/index.js';

/**
 * The names written as `@name` in a text, lower-case, each once, in order. An `@` inside a word
 * (an e-mail address, `user@host`) is not a mention, and a sentence's final `.` is not part of a name.
 */
export function mentionedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/(?<![\w.@/:-])@([A-Za-z0-9][A-Za-z0-9_.-]{0,63})/g)) {
    const name = m[1]!.replace(/[.-]+$/, '').toLowerCase();
    if (NAME_PATTERN.test(name) && !names.includes(name)) names.push(name);
  }
  return names;
}
