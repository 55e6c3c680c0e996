import { expect } from 'chai';
import { countUnread, mergeReadMarks, unreadLabel, withReadMark } from '../../../client/web/src/logic/unread.js';
import { message } from './messages.js';

describe('web: unread counter', () => {
  it('counts what others said after my read mark, not what I said nor the results of my commands', () => {
    const messages = [
      message(1, 'old', 'bob'),
      message(2, 'new from bob', 'bob'),
      message(3, '/tasks', 'me', { kind: 'command' }),
      message(4, 'Tasks: 0', 'switchboard', { kind: 'result', replyTo: 'm3' }),
      message(5, '/sprints', 'bob', { kind: 'command' }),
      message(6, 'Sprints: 0', 'switchboard', { kind: 'result', replyTo: 'm5' }),
      message(7, 'mine', 'me'),
    ];
    expect(countUnread(messages, 1, 'me')).to.equal(3);
    expect(countUnread(messages, 7, 'me')).to.equal(0);
    expect(countUnread(messages, 0, 'bob')).to.equal(3);
  });

  it('labels a count that may go further back with +', () => {
    expect(unreadLabel(50, 50, true)).to.equal('50+');
    expect(unreadLabel(50, 50, false)).to.equal('50');
    expect(unreadLabel(3, 50, true)).to.equal('3');
  });

  it('keeps read marks moving forward only, also when the marks of the hub are joined in', () => {
    const marks = withReadMark({ lobby: 5 }, 'lobby', 3);
    expect(marks).to.deep.equal({ lobby: 5 });
    expect(withReadMark(marks, 'lobby', 9)).to.deep.equal({ lobby: 9 });
    const mine = { lobby: 9, 'task:T-1': 2 };
    expect(mergeReadMarks(mine, { lobby: 4, 'task:T-1': 6, 'sprint:S-1': 3 })).to.deep.equal({ lobby: 9, 'task:T-1': 6, 'sprint:S-1': 3 });
    expect(mine, 'the marks held are not changed in place').to.deep.equal({ lobby: 9, 'task:T-1': 2 });
    expect(mergeReadMarks(mine, { lobby: 9 }), 'nothing new: the same object').to.equal(mine);
  });
});
