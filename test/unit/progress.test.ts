import { expect } from 'chai';
import { progressOf } from '../../server/services/sprints.js';

describe('sprint progress', () => {
  it('counts tasks per status and leaves cancelled ones out of percent done', () => {
    const p = progressOf(['completed', 'completed', 'todo', 'cancelled', 'in_progress']);
    expect(p.total).to.equal(5);
    expect(p.byStatus).to.include({ completed: 2, todo: 1, cancelled: 1, in_progress: 1, blocked: 0, review: 0 });
    expect(p.percentDone).to.equal(50);
  });

  it('is 0% for an empty sprint or one with only cancelled tasks', () => {
    expect(progressOf([]).percentDone).to.equal(0);
    expect(progressOf(['cancelled']).percentDone).to.equal(0);
  });
});
