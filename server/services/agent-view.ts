import { agentStatusOf, type Agent, type InitStatus } from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { Models } from '../db/models/index.js';
import type { PrincipalDoc } from '../db/models/principal.js';

export type AgentPrincipal = Pick<PrincipalDoc, '_id' | 'name' | 'online' | 'lastSeenAt' | 'lastSessionId'>;

/** What the latest session says of INIT: never run, still running, waiting for /init-confirm, ready or failed. */
export function initStatusOf(session: Pick<AgentSessionDoc, 'initResult' | 'agentReady'> | null): InitStatus {
  if (!session) return 'never';
  if (session.agentReady) return 'ready';
  return session.initResult?.status ?? 'never';
}

/**
 * Agents as clients see them, without INIT: the registry entry (defaults when there is none yet),
 * presence from the principal, and the current task (declared, else the first in-progress task it
 * is assigned to or holds). Two queries for the whole list, no $lookup.
 */
export async function agentSummaries(models: Models, principals: AgentPrincipal[]): Promise<Omit<Agent, 'initStatus'>[]> {
  const names = principals.map((p) => p.name);
  if (!names.length) return [];
  const [entries, working] = await Promise.all([
    models.agents.find({ name: { $in: names } }).lean(),
    // Two queries an index serves each: FerretDB would read every task in progress for an `$or`.
    Promise.all([
      models.tasks.find({ status: 'in_progress', assignee: { $in: names } }, { code: 1, assignee: 1, claimedBy: 1, startedAt: 1 }).lean(),
      models.tasks.find({ status: 'in_progress', claimedBy: { $in: names } }, { code: 1, assignee: 1, claimedBy: 1, startedAt: 1 }).lean(),
    ]).then(([given, held]) =>
      [...new Map([...given, ...held].map((t) => [t.code, t])).values()].sort(
        (a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0) || a.code.localeCompare(b.code),
      ),
    ),
  ]);
  const registry = new Map(entries.map((e) => [e.name, e]));
  const firstTask = new Map<string, string>();
  for (const t of working) {
    for (const who of [t.assignee, t.claimedBy]) if (who && !firstTask.has(who)) firstTask.set(who, t.code);
  }
  return principals.map((p) => {
    const entry = registry.get(p.name);
    const declaredStatus = entry?.declaredStatus ?? null;
    return {
      name: p.name,
      agentRole: entry?.agentRole ?? 'agent',
      capabilities: entry?.capabilities ?? [],
      profile: entry?.profile ?? '',
      online: p.online,
      declaredStatus,
      status: agentStatusOf(p.online, declaredStatus),
      currentTask: entry?.currentTask ?? firstTask.get(p.name) ?? null,
      lastSeenAt: p.lastSeenAt ? new Date(p.lastSeenAt).toISOString() : null,
    };
  });
}

/** Agents with the INIT status of their latest session: one `_id` lookup per agent. */
export async function agentViews(models: Models, principals: AgentPrincipal[]): Promise<Agent[]> {
  const [summaries, sessions] = await Promise.all([
    agentSummaries(models, principals),
    Promise.all(
      principals.map((p) =>
        p.lastSessionId ? models.sessions.findById(p.lastSessionId, { initResult: 1, agentReady: 1 }).lean<AgentSessionDoc>().exec() : null,
      ),
    ),
  ]);
  return summaries.map((a, i) => ({ ...a, initStatus: initStatusOf(sessions[i] ?? null) }));
}
