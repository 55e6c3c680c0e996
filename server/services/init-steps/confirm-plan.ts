import { TASK_PRIORITIES, type ConfirmPlanData, type TaskPriority, type TaskStatus } from '../../../protocol/index.js';
import { waitingOn } from '../collab/readiness.js';
import { tasksOf, type StepInput, type StepOutcome } from './step.js';

/** In progress first (finish what was started), then to do that is ready, then to do that waits for other tasks. */
const PLANNED_STATUSES: TaskStatus[] = ['in_progress', 'todo'];
const urgency = (p: TaskPriority) => TASK_PRIORITIES.length - 1 - TASK_PRIORITIES.indexOf(p);

/** Step 4: the proposed order of the agent's work, which it confirms (or reorders) with /init-confirm. */
export async function proposePlan({ deps, agent }: StepInput): Promise<StepOutcome<ConfirmPlanData>> {
  const tasks = await tasksOf(deps.models, agent.name, PLANNED_STATUSES);
  const waiting = await waitingOn(deps.models, tasks.filter((t) => t.status === 'todo'));
  const rank = (t: { code: string; status: TaskStatus }) => PLANNED_STATUSES.indexOf(t.status) * 2 + (waiting.has(t.code) ? 1 : 0);
  tasks.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      urgency(a.priority) - urgency(b.priority) ||
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() ||
      a.code.localeCompare(b.code),
  );
  const plan = tasks.map((t) => ({
    code: t.code,
    title: t.title,
    status: t.status,
    priority: t.priority,
    ...(waiting.has(t.code) ? { waitingOn: waiting.get(t.code)!.map((d) => d.code) } : {}),
  }));
  const detail = plan.length
    ? `Proposed order: ${plan.map((t) => `${t.code} (${t.status}, ${t.priority}${t.waitingOn ? `, waits for ${t.waitingOn.join(' and ')}` : ''})`).join(', ')}. Confirm with /init-confirm, or reorder with /init-confirm --order=${plan.map((t) => t.code).join(',')}.`
    : 'Nothing in progress or to do. Confirm with /init-confirm to be marked ready.';
  return { status: 'ok', detail, data: { plan } };
}
