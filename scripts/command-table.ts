import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../server/commands/index.js';
import { commandTableMarkdown, withCommandTable } from '../server/commands/reference.js';

/** Prints the command table, or with --write puts it into README.md between its markers. */
const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
if (process.argv.includes('--write')) {
  writeFileSync(readmePath, withCommandTable(readFileSync(readmePath, 'utf8'), COMMANDS));
  console.log(`README.md: command table updated (${COMMANDS.length} commands).`);
} else {
  console.log(commandTableMarkdown(COMMANDS));
}
