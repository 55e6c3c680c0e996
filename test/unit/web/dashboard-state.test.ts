import { expect } from 'chai';
import type { DashboardData, Sprint, Task } from '../../../protocol/index.js';
import { applyDashboardEvent } from '../../../client/web/src/logic/dashboard-state.js';

const by = { id: 'x', name: 'bob', kind: 'person' as const };
const sprint = (code: string, status: Sprint['status'], percentDone: number): Sprint => ({
  id: code,
  code,
  title: code,
  status,
  createdBy: 'bob',
  createdAt: '',
  updatedAt: '',
  progress: { total: 2, byStatus: { todo: 1, in_progress: 0, blocked: 0, review: 0, completed: 1, cancelled: 0 }, percentDone },
});
const task = (code: string, assignee: string | null, status: Task['status']): Task => ({
  id: code, code, title: code, sprint: 'S-1', status, priority: 'medium', assignee, context: 'long notes', summary: null,
  createdBy: 'bob', createdAt: '', updatedAt: '', startedAt: null, completedAt: null, claimedBy: null, leaseUntil: null,
});
const empty = (): DashboardData => ({
  me: 'ada',
  stats: { activeSprints: 0, myTasks: 0, unreadMessages: 2, agentsOnline: 0, agentsTotal: 1 },
  activeSprints: [],
  myTasks: [],
  recentActivity: [],
  agents: [{ name: 'bot', agentRole: 'backend', status: 'offline', currentTask: null, lastSeenAt: null }],
  generatedAt: '',
});

describe('web: live dashboard', () => {
  it('adds a sprint that becomes active, updates its progress, and drops it when it completes', () => {
    let d = applyDashboardEvent(empty(), { type: 'sprint:updated', event: { sprint: sprint('S-1', 'active', 0), change: 'status', by } });
    expect(d.stats.activeSprints).to.equal(1);
    d = applyDashboardEvent(d, { type: 'sprint:updated', event: { sprint: sprint('S-1', 'active', 50), change: 'progress', by } });
    expect(d.activeSprints.map((s) => s.progress?.percentDone)).to.deep.equal([50]);
    d = applyDashboardEvent(d, { type: 'sprint:updated', event: { sprint: sprint('S-1', 'completed', 100), change: 'status', by } });
    expect(d.stats.activeSprints).to.equal(0);
  });

  it('follows my open tasks by assignee and status, without their context', () => {
    let d = applyDashboardEvent(empty(), { type: 'task:updated', event: { task: task('T-1', 'ada', 'todo'), change: 'assignee', by } });
    d = applyDashboardEvent(d, { type: 'task:updated', event: { task: task('T-2', 'bot', 'todo'), change: 'created', by } });
    expect(d.myTasks.map((t) => t.code)).to.deep.equal(['T-1']);
    expect(d.myTasks[0]).to.not.have.property('context');
    d = applyDashboardEvent(d, { type: 'task:updated', event: { task: task('T-1', 'ada', 'completed'), change: 'done', by } });
    expect(d.stats.myTasks).to.equal(0);
    expect(d.stats.unreadMessages).to.equal(2);
  });

  it('prepends activity once, and counts agents online from presence', () => {
    const activity = { id: 'a1', type: 'task.done', actor: by, text: 'completed T-1', task: 'T-1', sprint: 'S-1', createdAt: '' };
    let d = applyDashboardEvent(empty(), { type: 'activity:new', event: { activity } });
    d = applyDashboardEvent(d, { type: 'activity:new', event: { activity } });
    expect(d.recentActivity).to.have.length(1);
    d = applyDashboardEvent(d, { type: 'presence', event: { principal: { id: 'b', name: 'bot', kind: 'agent' }, status: 'online' } });
    d = applyDashboardEvent(d, { type: 'presence', event: { principal: { id: 'c', name: 'coder', kind: 'agent' }, status: 'busy' } });
    d = applyDashboardEvent(d, { type: 'presence', event: { principal: { id: 'p', name: 'ada', kind: 'person' }, status: 'online' } });
    expect(d.stats).to.include({ agentsOnline: 2, agentsTotal: 2 });
    expect(d.agents.map((a) => `${a.name}:${a.status}`)).to.deep.equal(['bot:online', 'coder:busy']);
  });
});
