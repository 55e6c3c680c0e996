import { argumentKind, commandOfLine, type ArgumentKind, type CatalogCommand } from './catalog.js';

/** What the composer can offer: the caller's commands, and the codes and names the hub knows. */
export interface CompletionSources {
  commands: readonly CatalogCommand[];
  sprints: readonly { code: string; title: string }[];
  tasks: readonly { code: string; title: string }[];
  names: readonly { name: string; kind: string }[];
}

export interface Suggestion {
  /** What the list shows in bold. */
  label: string;
  /** A second, quieter line: a summary, a title, a kind. */
  detail: string;
  /** The text that replaces the word being typed. */
  insert: string;
}

/** Suggestions for the word at the caret: replacing `from..to` of the line with one of them. */
export interface Completion {
  title: string;
  from: number;
  to: number;
  items: Suggestion[];
}

const MAX_ITEMS = 8;

/** 0: starts with the query; 1: a word inside starts with it; 2: contains it; -1: no match. */
export function matchRank(candidate: string, query: string): number {
  const c = candidate.toLowerCase();
  const q = query.toLowerCase();
  if (!q || c.startsWith(q)) return 0;
  if (c.split(/[\s\-_./]+/).some((w) => w.startsWith(q))) return 1;
  return c.includes(q) ? 2 : -1;
}

/** Items matching `query` by `keys` (best key wins), best first, then by label. */
function best<T>(items: readonly T[], query: string, keys: (t: T) => string[], toSuggestion: (t: T) => Suggestion): Suggestion[] {
  return items
    .map((item) => {
      const ranks = keys(item).map((k, i) => {
        const r = matchRank(k, query);
        return r < 0 ? -1 : r + i * 3; // a match on a later key (a title) ranks after any match on the first (a code)
      });
      const valid = ranks.filter((r) => r >= 0);
      return { item, rank: valid.length ? Math.min(...valid) : -1 };
    })
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || keys(a.item)[0]!.localeCompare(keys(b.item)[0]!))
    .slice(0, MAX_ITEMS)
    .map((x) => toSuggestion(x.item));
}

/** True when the caret sits inside an unclosed quote, where the text is free and nothing is offered. */
function insideQuotes(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') i++;
    else if (quote && ch === quote) quote = null;
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
  }
  return quote !== null;
}

/** Whitespace-separated words, quotes kept together. */
export function words(text: string): string[] {
  return text.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)+/g) ?? [];
}

function valuesFor(kind: ArgumentKind, query: string, sources: CompletionSources, command: CatalogCommand | null, arg: string, prefix: string): Suggestion[] {
  const code = (t: { code: string; title: string }, what: string) => ({ label: t.code, detail: `${what} · ${t.title}`, insert: `${prefix}${t.code} ` });
  switch (kind) {
    case 'task':
      return best(sources.tasks, query, (t) => [t.code, t.title], (t) => code(t, 'task'));
    case 'sprint':
      return best(sources.sprints, query, (s) => [s.code, s.title], (s) => code(s, 'sprint'));
    case 'task-or-sprint':
      return [
        ...best([{ code: 'project', title: 'the whole project' }], query, (p) => [p.code], (p) => code(p, 'project')),
        ...best(sources.tasks, query, (t) => [t.code, t.title], (t) => code(t, 'task')),
        ...best(sources.sprints, query, (s) => [s.code, s.title], (s) => code(s, 'sprint')),
      ].slice(0, MAX_ITEMS);
    case 'name':
      return best(sources.names, query.replace(/^@/, ''), (n) => [n.name], (n) => ({ label: `@${n.name}`, detail: n.kind, insert: `${prefix}@${n.name} ` }));
    case 'enum': {
      const values = command?.inputSchema.properties?.[arg]?.enum ?? [];
      return best(values, query, (v) => [v], (v) => ({ label: v, detail: arg, insert: `${prefix}${v} ` }));
    }
    default:
      return [];
  }
}

const titleOf = (kind: ArgumentKind, arg: string) =>
  ({ task: 'Tasks', sprint: 'Sprints', 'task-or-sprint': 'Tasks, sprints or project', name: 'People and agents', enum: arg, flag: arg, text: arg })[kind];

/**
 * What to offer for the word at `caret` of a composer line: commands after `/`, options after
 * `--`, values after `--option=`, codes and names for positional arguments, `@names` anywhere.
 */
export function complete(line: string, caret: number, sources: CompletionSources): Completion | null {
  const before = line.slice(0, caret);
  if (insideQuotes(before)) return null;
  const from = before.search(/\S*$/);
  const after = /^\S*/.exec(line.slice(caret))![0];
  const to = caret + after.length;
  const word = before.slice(from);
  const result = (title: string, items: Suggestion[]): Completion | null => {
    // A word already typed in full needs no list (and Enter should send, not pick it again).
    const done = items.length === 1 && items[0]!.insert.trim().toLowerCase() === word.toLowerCase();
    return items.length && !done ? { title, from, to, items } : null;
  };

  if (line.startsWith('/') && from === 0) {
    const query = word.slice(1);
    return result(
      'Commands',
      best(sources.commands, query, (c) => [c.name, ...c.aliases], (c) => ({ label: `/${c.name}`, detail: c.summary, insert: `/${c.name} ` })),
    );
  }
  const command = line.startsWith('/') ? commandOfLine(sources.commands, line) : null;
  if (!command) {
    return word.startsWith('@') ? result('People and agents', valuesFor('name', word, sources, null, '', '')) : null;
  }

  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    if (eq >= 0) {
      const arg = word.slice(2, eq);
      const kind = argumentKind(command, arg);
      return result(titleOf(kind, arg), valuesFor(kind, word.slice(eq + 1), sources, command, arg, `--${arg}=`));
    }
    const used = new Set(words(before.slice(0, from)).filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=')[0]));
    const options = command.options.filter((o) => !o.positional && !used.has(o.name));
    return result(
      'Options',
      best(options, word.slice(2), (o) => [o.name], (o) => ({
        label: `--${o.name}`,
        detail: o.description,
        insert: argumentKind(command, o.name) === 'flag' ? `--${o.name} ` : `--${o.name}=`,
      })),
    );
  }

  const positionalsBefore = words(before.slice(0, from)).slice(1).filter((w) => !w.startsWith('--')).length;
  const positional = command.positionals[positionalsBefore]?.replace(/\.\.\.$/, '');
  if (word.startsWith('@') || (positional && argumentKind(command, positional) === 'name')) {
    return result('People and agents', valuesFor('name', word, sources, command, positional ?? '', ''));
  }
  if (!positional) return null;
  const kind = argumentKind(command, positional);
  return result(titleOf(kind, positional), valuesFor(kind, word, sources, command, positional, ''));
}
