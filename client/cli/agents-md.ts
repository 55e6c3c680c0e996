import { agentsGuideMarkdown } from '../../server/commands/agents-guide.js';
import { commandInfo } from '../../server/commands/catalog.js';
import { COMMANDS } from '../../server/commands/index.js';
import { parseCliOptions, type CliOptions } from './options.js';

/**
 * `switchboard agents-md [--hub URL]`: prints AGENTS.md (save it as CLAUDE.md or AGENTS.md in a
 * coding agent's project), made from this checkout's command registry; needs no hub or token.
 * --hub may come after `agents-md` too; it only fills the addresses in the text.
 */
export function runAgentsMd(words: string[], outer: CliOptions): number {
  const own = parseCliOptions(words, { SWITCHBOARD_HUB: outer.hub });
  if (own.words.length) {
    console.error(`switchboard agents-md: unexpected ${own.words.join(' ')}\nusage: switchboard agents-md [--hub URL] > AGENTS.md`);
    return 2;
  }
  process.stdout.write(agentsGuideMarkdown(COMMANDS.map(commandInfo), own.hub));
  return 0;
}
