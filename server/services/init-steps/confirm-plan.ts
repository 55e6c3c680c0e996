import { TASK_PRIORITIES, type TaskPriority, type TaskStatus } from '../../../protocol/index.js';
import { tasksOf, type StepInput, type StepOutcome } from './step.js';

/** In progress first (finish what was started), then to do. */
const PLANNED_STATUSES: TaskStatus[] = ['in_progress', 'todo'];
const urgency = (p: TaskPriority) => TASK_PRIORITIES.length - 1 - TASK_PRIORITIES.indexOf(p);

export interface PlannedTask {
  code: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
}

export interface ConfirmPlanData {
  plan: PlannedTask[];
}

/** Step 4: the proposed order of the agent's work, which it confirms (or reorders) with /init-confirm. */
export async function proposePlan({ deps, agent }: StepInput): Promise<StepOutcome<ConfirmPlanData>> {
  const tasks = await tasksOf(deps.models, agent.name, PLANNED_STATUSES);
  tasks.sort(
    (a, b) =>
      PLANNED_STATUSES.indexOf(a.status) - PLANNED_STATUSES.indexOf(b.status) ||
      urgency(a.priority) - urgency(b.priority) ||
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() ||
      a.code.localeCompare(b.code),
  );
  const plan = tasks.map((t) => ({ code: t.code, title: t.title, status: t.status, priority: t.priority }));
  const detail = plan.length
    ? `Proposed order: ${plan.map((t) => `${t.code} (${t.status}, ${t.priority})`).join(', ')}. Confirm with /init-confirm, or reorder with /init-confirm --order=${plan.map((t) => t.code).join(',')}.`
    : 'Nothing in progress or to do. Confirm with /init-confirm to be marked ready.';
  return { status: 'ok', detail, data: { plan } };
}
