import { agentStatusOf, type Agent, type InitStatus } from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import type { Models } from '../db/models/index.js';
import type { PrincipalDoc } from '../db/models/principal.js';

export type AgentPrincipal = Pick<PrincipalDoc, '_id' | 'name' | 'online' | 'lastSeenAt'>;

/** What the latest session says of INIT: never run, still running, waiting for /init-confirm, ready or failed. */
export function initStatusOf(session: Pick<AgentSessionDoc, 'initResult' | 'agentReady'> | null): InitStatus {
  if (!session) return 'never';
  if (session.agentReady) return 'ready';
  return session.initResult?.status ?? 'never';
}

/**
 * Agents as clients see them: the registry entry (defaults when there is none yet), presence from
 * the principal, the current task (declared, else the first in-progress task it is assigned to or
 * holds) and the INIT status of its latest session. A few queries for the whole list, no $lookup.
 */
export async function agentViews(models: Models, principals: AgentPrincipal[]): Promise<Agent[]> {
  const names = principals.map((p) => p.name);
  if (!names.length) return [];
  const [entries, working, sessions] = await Promise.all([
    models.agents.find({ name: { $in: names } }).lean(),
    models.tasks
      .find({ status: 'in_progress', $or: [{ assignee: { $in: names } }, { claimedBy: { $in: names } }] }, { code: 1, assignee: 1, claimedBy: 1 })
      .sort({ startedAt: 1, code: 1 })
      .lean(),
    // One indexed lookup per agent: the session history grows with every connect, so no bulk read.
    Promise.all(
      principals.map((p) =>
        models.sessions.findOne({ principalId: String(p._id) }, { initResult: 1, agentReady: 1 }).sort({ startedAt: -1 }).lean<AgentSessionDoc>().exec(),
      ),
    ),
  ]);
  const registry = new Map(entries.map((e) => [e.name, e]));
  const firstTask = new Map<string, string>();
  for (const t of working) {
    for (const who of [t.assignee, t.claimedBy]) if (who && !firstTask.has(who)) firstTask.set(who, t.code);
  }
  return principals.map((p, i) => {
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
      initStatus: initStatusOf(sessions[i] ?? null),
    };
  });
}
