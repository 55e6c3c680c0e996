import type { AgentRunPolicy } from '../../../protocol/index.js';
import type { Approval, ReviewPolicy, Task } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { PrincipalKinds } from '../principal-kinds.js';
import type { TaskDoc } from '../../db/models/task.js';
import { HubError } from '../../errors.js';
import type { Clock } from '../clock.js';
import type { Postmaster } from '../postmaster.js';
import type { SprintService } from '../sprints.js';
import { appendContext, statusChange, type TaskService } from '../tasks.js';
import { utcMinute } from '../time-format.js';
import { taskToWire } from '../wire.js';
import type { ApprovalService, Sender } from './approvals.js';
import type { DependencyService } from './dependencies.js';

/**
 * Review gates: an agent's /task-done on a task that requires review moves it to `review` and asks
 * its reviewers (a `review` approval); a person's approval completes it, a rejection sends it back
 * to `in_progress` with the reason as a note and a parcel to the assignee.
 */
export class ReviewService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly sprints: SprintService,
    private readonly approvals: ApprovalService,
    private readonly dependencies: DependencyService,
    private readonly postmaster: Postmaster,
    private readonly clock: Clock,
    private readonly principals: PrincipalKinds,
  ) {}

  /** The task's own setting, else its sprint's. */
  async policyOf(task: { sprint: string; reviewRequired?: boolean | null; reviewers?: string[] }): Promise<ReviewPolicy> {
    const sprint = await this.sprints.get(task.sprint);
    const required = task.reviewRequired ?? sprint.reviewRequired ?? false;
    const reviewers = task.reviewers?.length ? task.reviewers : (sprint.reviewers ?? []);
    return { required, reviewers };
  }

  /** Whether `/task-done` by this caller must go through review. */
  async gates(caller: Sender, code: string): Promise<boolean> {
    if (caller.principal.role !== 'agent') return false;
    return (await this.policyOf(await this.tasks.get(code, caller.taskMemo))).required;
  }

  /** An agent finished a gated task: `review`, with the summary, and a review approval to its reviewers. */
  async submit(by: Sender, code: string, summary: string): Promise<{ task: Task; approval: Approval }> {
    const { before, after } = await this.tasks.change(code, (t) => {
      if (t.status === 'review') throw new HubError('invalid_transition', `${t.code} is already waiting for review.`);
      return { ...statusChange(t, 'review', this.clock.now()), summary };
    }, by);
    const task = taskToWire(after);
    await this.tasks.announce(by, task, 'review', `sent ${task.code} for review: ${summary}`);
    if (before.status !== 'review') await this.sprints.announce(by, task.sprint, 'progress');
    const { reviewers } = await this.policyOf(after);
    const approval = await this.approvals.request(by, { kind: 'review', question: `Review ${task.code} "${task.title}": ${summary}`, task: task.code, approvers: reviewers });
    return { task, approval };
  }

  /** `/task-approve` and `/task-reject`: the task's pending review, decided once. */
  async decide(by: Sender, code: string, decision: 'approved' | 'denied', comment: string | null): Promise<{ task: Task; approval: Approval }> {
    const pending = await this.approvals.pendingReview(code);
    const approval = await this.approvals.decide(by, pending._id, decision, comment);
    return { task: await this.settled(by, approval), approval };
  }

  /** A review was decided (here or through /approve, /deny): the task follows. */
  async settled(by: Sender, approval: Approval): Promise<Task> {
    const code = approval.task!;
    if (approval.status === 'approved') {
      const { before, after } = await this.tasks.change(code, (t) => statusChange(t, 'completed', this.clock.now()), by);
      const task = taskToWire(after);
      await this.tasks.announce(by, task, 'done', `approved the review of ${task.code}${approval.comment ? `: ${approval.comment}` : ''}`);
      if (before.status !== 'completed') await this.sprints.announce(by, task.sprint, 'progress');
      await this.tell(by, task, `${task.code} approved by @${by.principal.name}${approval.comment ? `: ${approval.comment}` : ''}`);
      await this.dependencies.released(by, task);
      return task;
    }
    const why = approval.comment ?? 'no reason given';
    const entry = `[${utcMinute(this.clock.now())}] @${by.principal.name} rejected the review: ${why}`;
    const { before, after } = await this.tasks.change(code, (t) => ({ ...statusChange(t, 'in_progress', this.clock.now()), context: appendContext(t.context, entry) }), by);
    const task = taskToWire(after);
    await this.tasks.announce(by, task, 'rejected', `sent ${task.code} back to in_progress: ${why}`);
    if (before.status !== 'in_progress') await this.sprints.announce(by, task.sprint, 'progress');
    await this.tell(by, task, `${task.code} was sent back by @${by.principal.name}: ${why}`);
    return task;
  }

  /** A parcel to whoever works on the task. */
  private async tell(by: Sender, task: Task, subject: string): Promise<void> {
    const to = task.claimedBy ?? task.assignee;
    if (!to || to === by.principal.name) return;
    await this.postmaster.send(by, { to: [to], kind: 'notice', subject: subject.slice(0, 300), body: subject, task: task.code, allowUnknownRecipients: true });
  }

  /** `/sprint-policy` and `/task-policy`. */
  async setSprintPolicy(code: string, policy: { required?: boolean; reviewers?: string[]; agentRuns?: AgentRunPolicy }): Promise<void> {
    const sprint = await this.sprints.get(code);
    await this.assertPeople(policy.reviewers ?? []);
    await this.models.sprints.updateOne(
      { _id: sprint._id },
      {
        $set: {
          ...(policy.required !== undefined ? { reviewRequired: policy.required } : {}),
          ...(policy.reviewers ? { reviewers: policy.reviewers } : {}),
          ...(policy.agentRuns ? { agentRuns: policy.agentRuns } : {}),
        },
      },
    );
  }

  /** `agentRuns`: whether agents' runs on the task go ahead, wait for a person, or are refused. */
  async setTaskPolicy(code: string, policy: { required?: boolean | null; reviewers?: string[]; agentRuns?: AgentRunPolicy }): Promise<TaskDoc> {
    await this.assertPeople(policy.reviewers ?? []);
    const { after } = await this.tasks.change(code, () => ({
      ...(policy.required !== undefined ? { reviewRequired: policy.required } : {}),
      ...(policy.reviewers ? { reviewers: policy.reviewers } : {}),
      ...(policy.agentRuns ? { agentRuns: policy.agentRuns } : {}),
    }));
    return after;
  }

  /** Reviewers are people: agents never approve. */
  private async assertPeople(names: string[]): Promise<void> {
    if (!names.length) return;
    const kinds = await this.principals.known(names);
    const agents = names.filter((n) => kinds.get(n) === 'agent').map((n) => `@${n}`);
    if (agents.length) throw new HubError('invalid_args', `${agents.join(', ')} ${agents.length === 1 ? 'is an agent' : 'are agents'}; reviewers are people.`);
  }
}
