import { expect } from 'chai';
import { HubError } from '../../server/errors.js';
import { argvToInput, splitCommand, tokenize } from '../../server/commands/parse-line.js';
import taskNote from '../../server/commands/task-note.js';
import tasksStatus from '../../server/commands/tasks-status.js';
import taskCreate from '../../server/commands/task-create.js';
import taskAssign from '../../server/commands/task-assign.js';

describe('command line parsing', () => {
  it('splits the name from the rest and lower-cases it', () => {
    expect(splitCommand('/Task-Note T-1 hi there')).to.deep.equal({ name: 'task-note', rest: 'T-1 hi there' });
    expect(splitCommand('  /help  ')).to.deep.equal({ name: 'help', rest: '' });
    expect(splitCommand('hello /help')).to.equal(null);
    expect(splitCommand('/ help')).to.equal(null);
  });

  it('tokenizes quotes, quotes mid-word, escapes and new lines like a shell', () => {
    expect(tokenize(`T-1 "Completed migration, found issue" --title="Two words" it's`.replace("it's", "'single quoted'"))).to.deep.equal([
      'T-1',
      'Completed migration, found issue',
      '--title=Two words',
      'single quoted',
    ]);
    expect(tokenize('a\nb\t c')).to.deep.equal(['a', 'b', 'c']);
    expect(tokenize('"say \\"hi\\"" ""')).to.deep.equal(['say "hi"', '']);
  });

  it('refuses an unclosed quote with bad_request', () => {
    expect(() => tokenize('T-1 "oops')).to.throw(HubError).with.property('code', 'bad_request');
  });

  it('maps bare words to positionals, the last greedy one taking the rest', () => {
    expect(argvToInput(taskNote, tokenize('T-1 found an issue with indexes'))).to.deep.equal({ code: 'T-1', note: 'found an issue with indexes' });
    expect(argvToInput(taskNote, tokenize('T-1 "quoted note"'))).to.deep.equal({ code: 'T-1', note: 'quoted note' });
  });

  it('keeps options as strings (no number parsing) and booleans only when given', () => {
    expect(argvToInput(taskCreate, tokenize('T-007 --title=0012 --sprint=S-1'))).to.deep.equal({ code: 'T-007', title: '0012', sprint: 'S-1' });
    expect(argvToInput(taskAssign, tokenize('T-1 --none'))).to.deep.equal({ code: 'T-1', none: true });
    expect(argvToInput(taskAssign, tokenize('T-1 @alice'))).to.deep.equal({ code: 'T-1', assignee: '@alice' });
  });

  it('refuses stray words and a value given twice, with the usage line', () => {
    const stray = () => argvToInput(tasksStatus, tokenize('T-1 T-2 --status=completed'));
    expect(stray).to.throw(HubError).with.property('usage', tasksStatus.usage);
    expect(() => argvToInput(taskNote, tokenize('T-1 --code=T-2 note'))).to.throw(/given twice/);
  });

  it('parses comma lists into validated, upper-cased codes', () => {
    const input = argvToInput(tasksStatus, tokenize('t-1,T-2, --status=completed'));
    const parsed = tasksStatus.args.parse(input);
    expect(parsed).to.deep.equal({ codes: ['T-1', 'T-2'], status: 'completed' });
  });
});
