import { expect } from 'chai';
import { movedForward } from '../../../client/web/src/logic/moved-forward.js';

describe('web: what a completed task moved forward', () => {
  it('names the sprint and its progress, and celebrates the last task', () => {
    expect(movedForward({ moved: { sprint: 'S-1', percentDone: 33, completed: 1, counted: 3 } })).to.deep.equal({ text: 'S-1 is now 33% done (1 of 3 tasks)', done: false });
    expect(movedForward({ moved: { sprint: 'S-1', percentDone: 100, completed: 3, counted: 3 } })).to.deep.equal({ text: '🎉 S-1 is 100% done', done: true });
  });

  it('says nothing for results without it', () => {
    expect(movedForward({ moved: null })).to.equal(null);
    expect(movedForward({ task: { code: 'T-1' } })).to.equal(null);
    expect(movedForward(null)).to.equal(null);
  });
});
