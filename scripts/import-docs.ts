import { resolve } from 'node:path';
import { SwitchboardError, SwitchboardHttp, quote } from '../client/sdk/index.js';
import { parseCliOptions } from '../client/cli/options.js';
import { uploadDocs } from './upload-docs.js';

/** The flags of /docs-import, passed on as they are. */
const FLAGS = ['--dry-run', '--create-missing', '--all-files', '--archive'];

/**
 * `npm run import-docs -- FOLDER [--dry-run] [--create-missing] [--all-files] [--archive] [--upload] [--hub URL] [--token T]`:
 * imports a folder as documentation artifacts through the hub's /docs-import (admins), so the
 * hub stores, links and announces them exactly as the chat command does. The folder must be
 * readable by the hub, i.e. on the same machine, unless --upload sends it packed (a .tar.gz to
 * POST /api/docs-import), for a hub elsewhere.
 */
const options = parseCliOptions(globalOptionsFirst(process.argv.slice(2)));
const flags = options.words.filter((w) => FLAGS.includes(w));
const upload = options.words.includes('--upload');
const folder = options.words.filter((w) => !FLAGS.includes(w) && w !== '--upload')[0];
if (!folder || !options.token) {
  console.error(`usage: npm run import-docs -- FOLDER [${FLAGS.join('] [')}] [--upload] [--hub URL] [--token TOKEN]  (token also from SWITCHBOARD_TOKEN or DATA_DIR/admin.token)`);
  process.exit(2);
}
try {
  if (upload) {
    const has = (f: string) => flags.includes(f);
    const flagsOf = { dryRun: has('--dry-run'), createMissing: has('--create-missing'), allFiles: has('--all-files'), archive: has('--archive') };
    console.log(await uploadDocs(options.hub, options.token, resolve(folder), flagsOf));
    process.exit(0);
  }
  const result = await new SwitchboardHttp(options.hub, options.token).command(`/docs-import ${quote(resolve(folder))}${flags.map((f) => ` ${f}`).join('')}`, options.room);
  console.log(result.text);
} catch (err) {
  console.error(err instanceof SwitchboardError ? `error [${err.code}]: ${err.message}` : `import-docs: ${(err as Error).message}`);
  process.exit(1);
}

/** --hub, --token and --room may come after the folder too, as the usage line shows. */
function globalOptionsFirst(argv: string[]): string[] {
  const globals: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^--(hub|token|room)=/.test(arg)) {
      globals.push(arg);
    } else if (/^--(hub|token|room)$/.test(arg)) {
      globals.push(...argv.slice(i, i + 2)); // the flag and its value
      i++;
    } else {
      rest.push(arg);
    }
  }
  return [...globals, ...rest];
}
