import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';

const guide = readFileSync(fileURLToPath(new URL('../../../docs/GETTING_STARTED.md', import.meta.url)), 'utf8');

/** The command lines of the fenced blocks under a `## ` section, in order. */
function commandsOf(section: string): string[] {
  const start = guide.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`the guide has no "## ${section}" section`);
  const end = guide.indexOf('\n## ', start + 4);
  const body = guide.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter((l) => l.startsWith('/')));
}

describe('docs/GETTING_STARTED.md', () => {
  let admin: SwitchboardClient;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
  });

  async function runAll(client: SwitchboardClient, lines: string[]): Promise<void> {
    expect(lines, 'the section has commands').to.not.be.empty;
    for (const line of lines) {
      const ack = await client.send('lobby', line);
      expect(ack.ok, `${line} -> ${ack.ok ? '' : `${ack.error.code}: ${ack.error.message}`}`).to.equal(true);
    }
  }

  it('runs every command of the guide, as the guide says who runs it', async () => {
    await runAll(admin, commandsOf('Before you start'));
    const dana = await t.connect(await t.tokenFor('dana', 'person'));
    await runAll(dana, commandsOf('For people'));
    const claude = await t.connect(await t.tokenFor('claude', 'agent'));
    const mine = await claude.command('/tasks --assignee=@me');
    expect(mine.data.rows.map((r) => r.code)).to.deep.equal(['T-DEMO-01']);
    await runAll(claude, commandsOf('For agents'));
    await runAll(dana, commandsOf('Monitor progress (people)'));

    const detail = await dana.command('/task-detail T-DEMO-01');
    const task = detail.data.task;
    expect(task.status).to.equal('completed');
    expect(task.summary).to.contain('Login form done');
    expect(task.context).to.contain('Form renders; validation next').and.to.contain('## Decisions\n- client-side validation');
    expect((await dana.command('/messages-check')).text, "the agent's question reached dana").to.contain('Question on the spec');
    const artifacts = await dana.command('/artifacts T-DEMO-01');
    expect(artifacts.data.rows.map((r) => r.name)).to.have.members(['spec.md', 'test-report.txt']);

    await runAll(dana, commandsOf('Working together (people)'));
    await runAll(claude, commandsOf('Working together (agents)'));
    await runAll(dana, commandsOf('Reviews and approvals (people)'));
    const status = async (code: string) => (await dana.command(`/task-detail ${code}`)).data.task;
    expect(await status('TWO-1')).to.include({ status: 'completed' });
    expect(await status('TWO-3')).to.include({ status: 'in_progress' });
    expect(await status('TWO-4')).to.include({ assignee: 'codex' });
    const ready = (await dana.command('/tasks --sprint=SPRINT-TWO --ready')).data;
    expect(ready.rows.map((r) => r.code)).to.include('TWO-2');

    // What the guide shows with ids only the hub knows: answering a question, pausing and deleting a schedule.
    const pending = (await dana.command('/approvals --status=pending')).data;
    const question = pending.rows.find((r) => r.question.startsWith('May I rename'))!;
    await runAll(dana, [`/approve ${question.id} "Yes, keep a redirect"`]);
    const another = (await claude.command('/approval-request "May I drop IE support?" --approvers=@dana')).data;
    await runAll(dana, [`/deny ${another.approval.id} "Not before the release"`]);
    const schedules = (await dana.command('/schedules')).data;
    await runAll(dana, [`/schedule-pause ${schedules.rows[0]!.id}`, `/schedule-delete ${schedules.rows[0]!.id}`]);
  });
});
