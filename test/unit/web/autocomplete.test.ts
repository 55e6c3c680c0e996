import { expect } from 'chai';
import { complete, matchRank, words, type CompletionSources } from '../../../client/web/src/logic/autocomplete.js';
import type { CatalogCommand } from '../../../client/web/src/logic/catalog.js';

const command = (name: string, usage: string, positionals: string[], props: CatalogCommand['inputSchema']['properties'], aliases: string[] = []): CatalogCommand => ({
  name,
  aliases,
  summary: `${name} summary`,
  usage,
  positionals,
  options: Object.entries(props ?? {}).map(([n, p]) => ({ name: n, description: p.description ?? '', positional: positionals.includes(n) })),
  inputSchema: { properties: props },
});

const sources: CompletionSources = {
  commands: [
    command('sprints-create', '/sprints-create CODE --title="..."', ['code'], { code: { type: 'string', description: 'Sprint code, like SPRINT-1' }, title: { type: 'string' } }, ['sprint-create']),
    command('sprints', '/sprints', [], { status: { type: 'string', enum: ['planned', 'active'] } }),
    command('sprint-detail', '/sprint-detail CODE', ['code'], { code: { type: 'string', description: 'Sprint code' } }, ['sprint']),
    command('task-create', '/task-create CODE --title= --sprint=', ['code'], {
      code: { type: 'string', description: 'Task code' },
      title: { type: 'string' },
      sprint: { type: 'string' },
      priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] },
      assignee: { type: 'string', description: 'Who does it' },
    }),
    command('task-status', '/task-status CODE --status=', ['code'], { code: { type: 'string', description: 'Task code' }, status: { type: 'string', enum: ['todo', 'in_progress', 'completed'] } }),
    command('task-assign', '/task-assign CODE @name', ['code', 'assignee'], { code: { type: 'string', description: 'Task code' }, assignee: { type: 'string' }, none: { type: 'boolean' } }),
  ],
  sprints: [{ code: 'S-1', title: 'Launch' }, { code: 'S-2', title: 'Polish' }],
  tasks: [{ code: 'T-1', title: 'Write the docs' }, { code: 'API-2', title: 'Add a route' }],
  names: [{ name: 'ada', kind: 'person' }, { name: 'bot', kind: 'agent' }],
};

const labels = (line: string, caret = line.length) => complete(line, caret, sources)?.items.map((i) => i.label) ?? [];

describe('web: composer autocomplete', () => {
  it('offers the commands after "/", prefix matches first, aliases included', () => {
    expect(labels('/spr')).to.deep.equal(['/sprint-detail', '/sprints', '/sprints-create']);
    expect(labels('/')).to.have.length(6);
    expect(labels('/create')).to.deep.equal(['/sprints-create', '/task-create']);
    const c = complete('/task-s', 7, sources)!;
    expect(c.items[0]).to.include({ label: '/task-status', insert: '/task-status ' });
    expect([c.from, c.to]).to.deep.equal([0, 7]);
  });

  it('offers task codes, then sprint codes, for the positional argument of the command', () => {
    expect(labels('/task-status ')).to.deep.equal(['API-2', 'T-1']);
    expect(labels('/task-status t')).to.deep.equal(['T-1', 'API-2']);
    expect(labels('/sprint-detail ')).to.deep.equal(['S-1', 'S-2']);
    expect(labels('/sprint ')).to.deep.equal(['S-1', 'S-2']);
    expect(labels('/task-status docs')).to.deep.equal(['T-1']);
    expect(labels('/sprints-create S')).to.deep.equal([]);
    expect(labels('/task-status T-1')).to.deep.equal([]);
  });

  it('offers options not yet given, then values of an option: enums, codes, names', () => {
    expect(labels('/task-create T-9 --')).to.deep.equal(['--assignee', '--priority', '--sprint', '--title']);
    expect(labels('/task-create T-9 --title=x --')).to.not.include('--title');
    expect(labels('/task-create T-9 --sprint=')).to.deep.equal(['S-1', 'S-2']);
    expect(complete('/task-create T-9 --sprint=launch', 31, sources)!.items[0]!.insert).to.equal('--sprint=S-1 ');
    expect(labels('/task-create T-9 --priority=h')).to.deep.equal(['high']);
    expect(labels('/task-create T-9 --assignee=@b')).to.deep.equal(['@bot']);
    expect(labels('/task-status T-1 --status=')).to.deep.equal(['completed', 'in_progress', 'todo']);
    expect(complete('/task-assign T-1 --n', 20, sources)!.items[0]!.insert).to.equal('--none ');
  });

  it('offers @names for a name positional and anywhere in plain chat', () => {
    expect(labels('/task-assign T-1 ')).to.deep.equal(['@ada', '@bot']);
    expect(labels('thanks @a')).to.deep.equal(['@ada']);
    expect(labels('thanks a')).to.deep.equal([]);
  });

  it('offers nothing inside quotes or for an unknown command, and replaces the whole word under the caret', () => {
    expect(complete('/task-create T-1 --title="wr', 28, sources)).to.equal(null);
    expect(complete('/nope ', 6, sources)).to.equal(null);
    const mid = complete('/task-status T- --status=todo', 15, sources)!;
    expect([mid.from, mid.to]).to.deep.equal([13, 15]);
  });

  it('ranks a prefix before a word inside before a substring', () => {
    expect(matchRank('task-status', 'task')).to.equal(0);
    expect(matchRank('task-status', 'stat')).to.equal(1);
    expect(matchRank('task-status', 'atu')).to.equal(2);
    expect(matchRank('task-status', 'zz')).to.equal(-1);
    expect(words('/a "b c" --d="e f" g')).to.deep.equal(['/a', '"b c"', '--d="e f"', 'g']);
  });
});
