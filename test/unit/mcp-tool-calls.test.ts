import { expect } from 'chai';
import artifactUpload from '../../server/commands/artifact-upload.js';
import { commandInfo } from '../../server/commands/catalog.js';
import { COMMANDS } from '../../server/commands/index.js';
import { argvToInput, splitCommand, tokenize } from '../../server/commands/parse-line.js';
import taskCreate from '../../server/commands/task-create.js';
import taskNote from '../../server/commands/task-note.js';
import tasksStatus from '../../server/commands/tasks-status.js';
import { HubError } from '../../server/errors.js';
import { commandLine } from '../../server/mcp/command-line.js';
import { roomFor } from '../../server/mcp/command-room.js';
import { parseResourceUri } from '../../server/mcp/resource-uris.js';
import type { AnyCommand } from '../../server/commands/definition.js';

/** What the hub's parser makes of a line: the arguments object the command's schema checks. */
const parsedBack = (command: AnyCommand, line: string) => argvToInput(command, tokenize(splitCommand(line)!.rest));

const caller = { id: 'p1', name: 'bot-7', kind: 'agent' as const, role: 'agent' as const };

describe('MCP tool calls and resource addresses', () => {
  it('quotes any text so the parser reads back exactly the arguments given', () => {
    for (const note of ['plain', 'two words', 'say "hi"', "it's", 'back\\slash', 'new\nline', '--looks-like-an-option', 'a=b', '']) {
      const line = commandLine('task-note', { code: 'T-1', note });
      expect(parsedBack(taskNote, line), line).to.deep.equal({ code: 'T-1', note });
    }
  });

  it('writes true as a flag, false as =false, lists comma-joined, and leaves out null', () => {
    const line = commandLine('artifact-upload', { content: 'x', name: 'a.md', task: 'T-1', doc: true, project: false, type: null });
    expect(line).to.equal('/artifact-upload --content=x --name=a.md --task=T-1 --doc --project=false');
    expect(parsedBack(artifactUpload, line)).to.deep.equal({ content: 'x', name: 'a.md', task: 'T-1', doc: true, project: false });
    expect(parsedBack(tasksStatus, commandLine('tasks-status', { codes: ['T-1', 'T-2'], status: 'review' }))).to.deep.equal({ codes: 'T-1,T-2', status: 'review' });
  });

  it('refuses an argument name that is no option name', () => {
    expect(() => commandLine('help', { 'a b': 'x' })).to.throw(HubError).with.property('code', 'invalid_args');
  });

  it("posts a call in the room of the task it is about, else in the caller's inbox", () => {
    const info = (name: string) => commandInfo(COMMANDS.find((c) => c.name === name)!);
    expect(roomFor(info('task-note'), { code: 't-1', note: 'x' }, caller)).to.equal('task:T-1');
    expect(roomFor(info('artifact-upload'), { task: 'T-2', content: 'x' }, caller)).to.equal('task:T-2');
    expect(roomFor(commandInfo(taskCreate), { code: 'T-NEW', sprint: 'S-1', title: 'x' }, caller)).to.equal('agent:bot-7');
    expect(roomFor(info('tasks-status'), { codes: ['T-1'], status: 'todo' }, caller)).to.equal('agent:bot-7');
    expect(roomFor(info('task-note'), { code: 'not a code!', note: 'x' }, caller)).to.equal('agent:bot-7');
    expect(roomFor(info('sprints'), {}, caller)).to.equal('agent:bot-7');
    expect(roomFor(undefined, {}, caller)).to.equal('agent:bot-7');
    expect(roomFor({ ...info('help'), rooms: ['lobby'] }, {}, caller)).to.equal('lobby');
  });

  it('reads resource addresses: tasks and sprints by code, the inbox, artifacts by their sb:// URI', () => {
    expect(parseResourceUri('switchboard://tasks/t-1')).to.deep.equal({ kind: 'task', code: 'T-1' });
    expect(parseResourceUri('switchboard://sprints/S-1')).to.deep.equal({ kind: 'sprint', code: 'S-1' });
    expect(parseResourceUri('switchboard://inbox')).to.deep.equal({ kind: 'inbox' });
    expect(parseResourceUri('sb://artifacts/by-task/T-1/notes/a%20b.md?v=2')).to.deep.equal({ kind: 'artifact', uri: 'sb://artifacts/by-task/T-1/notes/a%20b.md?v=2' });
    for (const bad of ['switchboard://tasks/', 'switchboard://tasks/a b', 'switchboard://people/x', '/api/artifacts/project/x.md', 'file:///etc/passwd']) {
      expect(parseResourceUri(bad), bad).to.equal(null);
    }
  });
});
