/** Quotes a word for a command line so the hub's parser reads it back unchanged. */
export function quoteArg(word: string): string {
  if (/^[^\s"'\\]+$/.test(word)) return word;
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
