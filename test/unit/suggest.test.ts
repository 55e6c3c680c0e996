import { expect } from 'chai';
import { editDistance, suggest } from '../../server/commands/suggest.js';

describe('did you mean', () => {
  const names = ['task-note', 'task-done', 'tasks', 'task', 'tasks-status', 'sprints', 'help'];

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(editDistance('same', 'same')).to.equal(0);
  });

  it('offers the nearest names first, then longer names the typed one starts', () => {
    expect(suggest('task-nte', names)[0]).to.equal('task-note');
    expect(suggest('sprnts', names)).to.deep.equal(['sprints']);
    expect(suggest('tasks-stat', names)).to.include('tasks-status');
    expect(suggest('zzzzzzzz', names)).to.deep.equal([]);
  });
});
