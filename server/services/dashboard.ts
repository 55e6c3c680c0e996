import { runToWire } from './runs/run-wire.js';
import { OPEN_TASK_STATUSES, type DashboardAgent, type DashboardData, type WaitingForYou, type PrincipalWithRole } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import type { AccessService } from './access.js';
import type { ActivityService } from './activity.js';
import { agentSummaries } from './agent-view.js';
import type { SprintService } from './sprints.js';
import type { ApprovalService } from './collab/approvals.js';
import { taskSummary, taskToWire } from './wire.js';

const RECENT_ACTIVITY = 15;

/**
 * The orchestration dashboard of one principal: stat cards, active sprints with progress, their
 * open tasks, the latest activity and every agent's presence. Read-only; the same data feeds the
 * `/dashboard` command and `GET /api/orchestration/dashboard`.
 */
export class DashboardService {
  constructor(
    private readonly models: Models,
    private readonly sprints: SprintService,
    private readonly activity: ActivityService,
    private readonly access: AccessService,
    private readonly approvals: ApprovalService,
  ) {}

  async forPrincipal(caller: PrincipalWithRole): Promise<DashboardData> {
    const name = caller.name;
    const [activeSprints, mine, recentActivity, agents, unreadMessages] = await Promise.all([
      this.sprints.list({ status: 'active' }),
      this.models.tasks
        .find({ assignee: name, status: { $in: OPEN_TASK_STATUSES } })
        .sort({ updatedAt: -1 })
        .limit(50)
        .lean(),
      this.activity.list({ limit: RECENT_ACTIVITY }),
      this.agents(),
      this.models.parcels.countDocuments({ to: name, status: { $in: ['queued', 'delivered'] } }),
    ]);
    const myTasks = mine.map((t) => taskSummary(taskToWire(t)));
    const waitingForYou = await this.waitingFor(name);
    return {
      me: name,
      stats: {
        activeSprints: activeSprints.length,
        myTasks: myTasks.length,
        unreadMessages,
        agentsOnline: agents.filter((a) => a.status !== 'offline').length,
        agentsTotal: agents.length,
      },
      activeSprints,
      myTasks,
      recentActivity: await this.access.visibleActivity(caller, recentActivity),
      agents,
      waitingForYou,
      generatedAt: new Date().toISOString(),
    };
  }

  /** Approvals and reviews `name` may decide; agents never approve, so theirs is empty. */
  private async waitingFor(name: string): Promise<WaitingForYou> {
    const me = await this.models.principals.findOne({ name }, { role: 1 }).lean();
    const approvals = me ? await this.approvals.waitingFor(name, me.role) : [];
    const codes = approvals.filter((a) => a.kind === 'review' && a.task).map((a) => a.task!);
    const reviews = codes.length ? (await this.models.tasks.find({ code: { $in: codes }, status: 'review' }).limit(50).lean()).map((t) => taskSummary(taskToWire(t))) : [];
    const runs = me && me.role !== 'agent' ? (await this.models.runs.find({ status: 'awaiting_approval' }).sort({ status: 1, createdAt: 1 }).limit(50).lean()).map(runToWire) : [];
    return { approvals, reviews, runs };
  }

  /** Every agent as /agents shows it (same status and current-task rules), online ones first, then by name. */
  private async agents(): Promise<DashboardAgent[]> {
    const principals = await this.models.principals.find({ kind: 'agent' }, { name: 1, online: 1, lastSeenAt: 1 }).lean();
    // No INIT status here: the dashboard refreshes often and does not show it.
    const agents = (await agentSummaries(this.models, principals)).map((a) => ({
      name: a.name,
      agentRole: a.agentRole,
      status: a.status,
      currentTask: a.currentTask,
      lastSeenAt: a.lastSeenAt,
    }));
    return agents.sort((a, b) => Number(a.status === 'offline') - Number(b.status === 'offline') || a.name.localeCompare(b.name));
  }
}
