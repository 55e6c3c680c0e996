import { expect } from 'chai';
import { artifactApiPath, artifactLabel, leadingArtifactUri, isPreviewable } from '../../../client/web/src/logic/artifact-refs.js';
import { dayLabel, formatBytes, initials, quoteArg, relativeTime, roomTitle, statusLabel } from '../../../client/web/src/logic/format.js';
import { sidebarTasks, withSprint, withTask, emptyDirectory } from '../../../client/web/src/logic/directory.js';

describe('web: formatting', () => {
  it('writes sizes, times and days for people', () => {
    expect(formatBytes(512)).to.equal('512 B');
    expect(formatBytes(1536)).to.equal('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).to.equal('20 MB');
    const now = new Date('2026-11-25T12:00:00Z');
    expect(relativeTime('2026-11-25T11:59:30Z', now)).to.equal('just now');
    expect(relativeTime('2026-11-25T11:55:00Z', now)).to.equal('5 min ago');
    expect(relativeTime('2026-11-25T09:00:00Z', now)).to.equal('3 h ago');
    expect(relativeTime('2026-11-01T09:00:00Z', now)).to.equal('2026-11-01');
    expect(dayLabel(now.toISOString(), now)).to.equal('Today');
    expect(dayLabel('2026-11-24T12:00:00Z', now)).to.equal('Yesterday');
  });

  it('names rooms, statuses and avatars', () => {
    expect(roomTitle('lobby')).to.equal('Lobby');
    expect(roomTitle('task:T-1')).to.equal('T-1');
    expect(roomTitle('agent:ada')).to.equal('@ada');
    expect(statusLabel('in_progress')).to.equal('In progress');
    expect(statusLabel('completed')).to.equal('Done');
    expect(initials('ada-bot')).to.equal('AB');
    expect(initials('admin')).to.equal('AD');
    expect(quoteArg('plain')).to.equal('plain');
    expect(quoteArg('two "words"')).to.equal('"two \\"words\\""');
  });

  it('turns sb:// URIs into HTTP paths and labels, without trailing punctuation', () => {
    expect(leadingArtifactUri('sb://artifacts/by-task/T-1/notes.md. Next')).to.equal('sb://artifacts/by-task/T-1/notes.md');
    expect(leadingArtifactUri('sb://nothing')).to.equal(null);
    expect(artifactApiPath('sb://artifacts/by-task/T-1/my%20notes.md?v=2', true)).to.equal('/api/artifacts/by-task/T-1/my%20notes.md/preview?v=2');
    expect(artifactApiPath(`sb://cas/${'a'.repeat(64)}`)).to.equal(`/api/artifacts/${'a'.repeat(64)}`);
    expect(artifactLabel('sb://artifacts/by-sprint/S-1/docs/plan.md?v=3')).to.equal('plan.md v3');
    expect(isPreviewable('application/octet-stream', 'notes.md')).to.equal(true);
    expect(isPreviewable('image/png', 'a.png')).to.equal(false);
  });

  it('lists my open tasks and those of active sprints in the sidebar, mine first', () => {
    let d = withSprint(emptyDirectory(), { id: '1', code: 'S-1', title: 'x', status: 'active', createdBy: '', createdAt: '', updatedAt: '' });
    const t = (code: string, sprint: string, assignee: string | null, status: 'todo' | 'completed') => ({
      id: code, code, title: code, sprint, status, priority: 'low' as const, assignee, summary: null, createdBy: '', createdAt: '', updatedAt: '',
      startedAt: null, completedAt: null, claimedBy: null, leaseUntil: null,
    });
    for (const task of [t('A', 'S-1', null, 'todo'), t('B', 'S-9', 'me', 'todo'), t('C', 'S-1', null, 'completed'), t('D', 'S-9', null, 'todo')]) d = withTask(d, task);
    expect(sidebarTasks(d, 'me').map((x) => x.code)).to.deep.equal(['B', 'A']);
  });
});
