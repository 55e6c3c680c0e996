import type { DirectoryView, PresenceEvent, Sprint, Task, TaskSummary } from '../../../../protocol/index.js';

export const emptyDirectory = (): DirectoryView => ({ sprints: [], tasks: [], principals: [] });

/** A sprint created or changed: replace it in place, or add it first. */
export function withSprint(d: DirectoryView, sprint: Sprint): DirectoryView {
  const at = d.sprints.findIndex((s) => s.code === sprint.code);
  const sprints = at < 0 ? [sprint, ...d.sprints] : d.sprints.map((s, i) => (i === at ? { ...s, ...sprint } : s));
  return { ...d, sprints };
}

export function withTask(d: DirectoryView, task: Task | TaskSummary): DirectoryView {
  const { context: _context, ...summary } = task as Task;
  const at = d.tasks.findIndex((t) => t.code === summary.code);
  const tasks = at < 0 ? [summary, ...d.tasks] : d.tasks.map((t, i) => (i === at ? summary : t));
  return { ...d, tasks };
}

export function withPresence(d: DirectoryView, e: PresenceEvent): DirectoryView {
  if (e.principal.kind === 'system') return d;
  const online = e.status !== 'offline';
  const known = d.principals.some((p) => p.name === e.principal.name);
  const principals = known
    ? d.principals.map((p) => (p.name === e.principal.name ? { ...p, online } : p))
    : [...d.principals, { name: e.principal.name, kind: e.principal.kind as 'person' | 'agent', online }];
  return { ...d, principals };
}

/** The sidebar's sprints: active first, then planned; finished ones after. */
export function sidebarSprints(d: DirectoryView): Sprint[] {
  const order = { active: 0, planned: 1, completed: 2, cancelled: 3 } as const;
  return [...d.sprints].sort((a, b) => order[a.status] - order[b.status] || b.createdAt.localeCompare(a.createdAt));
}

/** The sidebar's tasks: mine and those of active sprints that are still open, mine first. */
export function sidebarTasks(d: DirectoryView, me: string, limit = 30): TaskSummary[] {
  const active = new Set(d.sprints.filter((s) => s.status === 'active').map((s) => s.code));
  const open = (t: TaskSummary) => t.status !== 'completed' && t.status !== 'cancelled';
  return d.tasks
    .filter((t) => open(t) && (t.assignee === me || active.has(t.sprint)))
    .sort((a, b) => Number(b.assignee === me) - Number(a.assignee === me) || a.code.localeCompare(b.code))
    .slice(0, limit);
}
