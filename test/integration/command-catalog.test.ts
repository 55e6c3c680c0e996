import { expect } from 'chai';
import { COMMANDS } from '../../server/commands/index.js';
import type { CommandInfo } from '../../protocol/index.js';
import { withTestHub } from '../support/hub.js';

describe('GET /api/commands', () => {
  const t = withTestHub();

  const catalog = async (token: string) => {
    const res = await fetch(`${t.url}/api/commands`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { ok: boolean; commands: CommandInfo[] } };
  };

  it('describes every command an admin may run, with a JSON Schema of its arguments', async () => {
    const { status, body } = await catalog(t.adminToken);
    expect(status).to.equal(200);
    expect(body.commands.map((c) => c.name)).to.deep.equal(COMMANDS.map((c) => c.name));
    const note = body.commands.find((c) => c.name === 'task-note')!;
    expect(note.usage).to.equal('/task-note CODE "note text"');
    expect(note.inputSchema).to.include({ type: 'object' });
    expect(note.inputSchema.required).to.deep.equal(['code', 'note']);
    expect(body.commands.find((c) => c.name === 'tasks')!.readOnly).to.equal(true);
  });

  it('leaves out what the caller may not run, and refuses without a token', async () => {
    const { body } = await catalog(await t.tokenFor('catalog-bot', 'agent'));
    const names = body.commands.map((c) => c.name);
    expect(names).to.include('task-note').and.not.include('token-create').and.not.include('sprints-create');
    expect((await catalog('sbt_wrong')).status).to.equal(401);
  });
});
