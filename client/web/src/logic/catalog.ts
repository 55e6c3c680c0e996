import type { CommandInfo } from '../../../../protocol/index.js';

/** The part of a command's description (`GET /api/commands`) the composer uses for autocomplete and argument hints. */
export type CatalogCommand = Pick<CommandInfo, 'name' | 'aliases' | 'summary' | 'usage' | 'positionals' | 'options' | 'inputSchema'>;

/** What an argument holds, so the composer can offer the right things for it. */
export type ArgumentKind = 'task' | 'sprint' | 'task-or-sprint' | 'name' | 'enum' | 'flag' | 'text';

export function argumentKind(command: CatalogCommand, arg: string): ArgumentKind {
  const schema = command.inputSchema.properties?.[arg];
  if (schema?.enum?.length) return 'enum';
  if (schema?.type === 'boolean') return 'flag';
  // A create command's code (or code prefix) is a new one: nothing known to offer.
  if ((arg === 'code' || arg === 'prefix') && command.name.endsWith('-create')) return 'text';
  // The hub says what an argument names; by its name only for a hub that does not.
  const refers = command.options.find((o) => o.name === arg)?.refers;
  if (refers) return refers;
  if (arg === 'sprint' || (arg === 'code' && command.name.startsWith('sprint'))) return 'sprint';
  if (arg === 'task' || arg === 'code' || arg === 'codes') return 'task';
  if (arg === 'target') return 'task-or-sprint';
  if (['assignee', 'by', 'to', 'name', 'agent'].includes(arg)) return 'name';
  return 'text';
}

/** The command a line starts with (by name or alias), or null. */
export function commandOfLine(commands: readonly CatalogCommand[], line: string): CatalogCommand | null {
  const m = /^\/([\w-]+)(\s|$)/.exec(line);
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  return commands.find((c) => c.name === word || c.aliases.includes(word)) ?? null;
}
