import {
  isOpenTask,
  type ActivityNewEvent,
  type DashboardAgent,
  type DashboardData,
  type PresenceEvent,
  type SprintUpdatedEvent,
  type TaskSummary,
  type TaskUpdatedEvent,
} from '../../../../protocol/index.js';

const RECENT_ACTIVITY = 15;

export type DashboardEvent =
  | { type: 'sprint:updated'; event: SprintUpdatedEvent }
  | { type: 'task:updated'; event: TaskUpdatedEvent }
  | { type: 'activity:new'; event: ActivityNewEvent }
  | { type: 'presence'; event: PresenceEvent };

const withStats = (d: DashboardData): DashboardData => ({
  ...d,
  stats: {
    ...d.stats,
    activeSprints: d.activeSprints.length,
    myTasks: d.myTasks.length,
    agentsOnline: d.agents.filter((a) => a.status !== 'offline').length,
    agentsTotal: d.agents.length,
  },
});

function upsert<T>(list: readonly T[], item: T, same: (a: T) => boolean, keep: boolean): T[] {
  const rest = list.filter((x) => !same(x));
  if (!keep) return rest;
  const at = list.findIndex(same);
  return at < 0 ? [item, ...rest] : [...list.slice(0, at), item, ...list.slice(at + 1)];
}

/**
 * The dashboard after one room event, without asking the hub: sprints move in and out of
 * "active" and change progress, my tasks follow their status and assignee, activity is
 * prepended, agents follow presence. Stat cards are recounted from the lists.
 */
export function applyDashboardEvent(d: DashboardData, e: DashboardEvent): DashboardData {
  switch (e.type) {
    case 'sprint:updated': {
      const s = e.event.sprint;
      return withStats({ ...d, activeSprints: upsert(d.activeSprints, s, (x) => x.code === s.code, s.status === 'active') });
    }
    case 'task:updated': {
      const { context: _context, ...task } = e.event.task;
      const mine = task.assignee === d.me && isOpenTask(task.status);
      const myTasks = upsert<TaskSummary>(d.myTasks, task, (x) => x.code === task.code, mine);
      // A task moving in an active sprint we hold, without a sprint event of its own (a note): nothing else changes.
      return withStats({ ...d, myTasks });
    }
    case 'activity:new': {
      const a = e.event.activity;
      if (d.recentActivity.some((x) => x.id === a.id)) return d;
      return { ...d, recentActivity: [a, ...d.recentActivity].slice(0, RECENT_ACTIVITY) };
    }
    case 'presence': {
      const { principal, status } = e.event;
      if (principal.kind !== 'agent') return d;
      const known = d.agents.find((a) => a.name === principal.name);
      const agent: DashboardAgent = known
        ? { ...known, status, lastSeenAt: new Date().toISOString() }
        : { name: principal.name, agentRole: 'agent', status, currentTask: null, lastSeenAt: new Date().toISOString() };
      const agents = upsert(d.agents, agent, (a) => a.name === principal.name, true);
      return withStats({ ...d, agents: [...agents].sort((a, b) => Number(a.status === 'offline') - Number(b.status === 'offline') || a.name.localeCompare(b.name)) });
    }
  }
}
