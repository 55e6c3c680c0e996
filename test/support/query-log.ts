import type { CommandStartedEvent } from 'mongodb';
import type { Database } from '../../server/db/connect.js';

/** One read or write filter the hub sent to the database. */
export interface LoggedQuery {
  collection: string;
  command: string;
  filter: Record<string, unknown>;
}

/** The filter of each statement of a driver command, for the commands that select documents. */
function filtersOf(e: CommandStartedEvent): LoggedQuery[] {
  const c = e.command as Record<string, unknown>;
  const collection = String(c[e.commandName]);
  const one = (filter: unknown) => ({ collection, command: e.commandName, filter: (filter ?? {}) as Record<string, unknown> });
  switch (e.commandName) {
    case 'find':
      return [one(c.filter)];
    case 'count':
    case 'distinct':
    case 'findAndModify':
      return [one(c.query)];
    case 'update':
      return (c.updates as { q: unknown }[]).map((u) => one(u.q));
    case 'delete':
      return (c.deletes as { q: unknown }[]).map((d) => one(d.q));
    case 'aggregate': {
      const first = (c.pipeline as Record<string, unknown>[])[0];
      return [one(first && '$match' in first ? first.$match : {})];
    }
    default:
      return [];
  }
}

/** The shape of a filter (its keys and operators, not its values), to explain each kind once. */
export function shapeOf(filter: unknown): string {
  if (Array.isArray(filter)) return `[${filter.length ? shapeOf(filter[0]) : ''}]`;
  if (filter && typeof filter === 'object' && !(filter instanceof Date) && filter.constructor?.name === 'Object') {
    return `{${Object.keys(filter)
      .sort()
      .map((k) => `${k}:${shapeOf((filter as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return '?';
}

/** Records every filter the database is sent on `db` (connections monitor their commands, see connect.ts) until stopped. */
export function logQueries(db: Database): { queries: LoggedQuery[]; stop(): void } {
  const queries: LoggedQuery[] = [];
  const client = db.conn.getClient();
  const listener = (e: CommandStartedEvent) => queries.push(...filtersOf(e));
  client.on('commandStarted', listener);
  return { queries, stop: () => client.off('commandStarted', listener) };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * What the plan reads whole (FerretDB's own metadata table aside): a table scan, or an index
 * walked end to end with no condition, which is a table scan in disguise.
 */
function seqScans(node: PlanNode | undefined): string[] {
  if (!node) return [];
  const type = node['Node Type'];
  const whole =
    (type === 'Seq Scan' && !node['Relation Name']?.startsWith('_ferretdb_')) ||
    (/Index (Only )?Scan$/.test(type) && !node['Index Cond'] && !node['Index Name']?.startsWith('_ferretdb_'));
  return [...(whole ? [node['Relation Name'] ?? node['Index Name'] ?? '?'] : []), ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * The logged queries PostgreSQL would answer by reading a whole table: each distinct filter
 * shape explained once through the driver (FerretDB answers `explain` with PostgreSQL's plan).
 */
export async function unindexedQueries(db: Database, queries: LoggedQuery[]): Promise<string[]> {
  const seen = new Set<string>();
  const offenders: string[] = [];
  for (const q of queries) {
    const key = `${q.collection} ${shapeOf(q.filter)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const explained = (await db.conn.db!.command({ explain: { find: q.collection, filter: q.filter } })) as { queryPlanner?: { Plan?: PlanNode } };
    const scans = seqScans(explained.queryPlanner?.Plan);
    if (scans.length) offenders.push(`${q.command} ${key}`);
  }
  return offenders;
}
