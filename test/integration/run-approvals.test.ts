import { expect } from 'chai';
import type { LineOf } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { Runner } from '../../client/runner/runner.js';
import { ManualClock } from '../support/clock.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { mcpOverHttp, textOf } from '../support/mcp.js';
import { refusal } from '../support/refusal.js';
import { runEnded, startRunner } from '../support/runners.js';
import { eventually } from '../support/wait.js';

/**
 * Who may run what: an agent's run waits for a person unless its task allows agent runs; people
 * approve or deny once; an unanswered approval expires; runs are MCP tools like every command.
 * The runner here starts only when the queue is settled, so queued runs stay queued meanwhile.
 */
describe('runs: approval, policy and rights', function () {
  this.timeout(30_000);
  let admin: SwitchboardClient;
  let mia: SwitchboardClient;
  let sam: SwitchboardClient;
  let bot: SwitchboardClient;
  let botToken: string;
  let runner: Runner | null = null;

  const clock = new ManualClock(new Date());
  // Registered before the hub's own after(), so it runs while the hub is still up.
  after(async () => {
    await runner?.close();
  });
  const t = withTestHub({ clock });
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person', 'member'));
    sam = await t.connect(await t.tokenFor('sam', 'person', 'member'));
    botToken = await t.tokenFor('bot', 'agent');
    bot = await t.connect(botToken);
    await admin.command('/sprints-create S-AP --title="Approvals"');
    for (const code of ['T-AP', 'T-ALLOW', 'T-DENY', 'T-OTHER']) await admin.command(`/task-create ${code} --title="${code}" --sprint=S-AP --assignee=@bot`);
  });

  const asBot = async (line: LineOf<'run'>) => (await bot.command(line)).data.run;

  it("holds an agent's run for a person; two people answering at once resolve it once", async () => {
    await mia.join('task:T-AP');
    const updates = record(mia, 'run:updated');
    const run = await asBot('/run "echo from bot" --task=T-AP');
    expect(run.status).to.equal('awaiting_approval');
    await eventually(() => expect(updates.some((e) => e.run.id === run.id && e.change === 'requested')).to.equal(true));
    expect((await mia.command('/runs --status=awaiting_approval')).text).to.contain(run.id);
    const answers = await Promise.allSettled([mia.command(`/run-approve ${run.id}`), sam.command(`/run-approve ${run.id}`), sam.command(`/run-deny ${run.id} "not now"`)]);
    const won = answers.filter((a) => a.status === 'fulfilled');
    expect(won).to.have.length(1);
    for (const a of answers.filter((x) => x.status === 'rejected')) {
      expect((a as PromiseRejectedResult).reason).to.include({ code: 'invalid_transition' });
      expect((a as PromiseRejectedResult).reason.message).to.match(/is not waiting for approval: @(mia|sam) answered first\./);
    }
    const stored = (await t.db.models.runs.findOne({ _id: run.id }).lean())!;
    expect(['queued', 'cancelled']).to.include(stored.status);
    expect(['mia', 'sam']).to.include(stored.decidedBy);
  });

  it('refuses agents what only people may do, and runs of tasks they may not use', async () => {
    expect(await refusal(bot, '/run "curl example.com" --task=T-AP --network', 'agent:bot')).to.include({ code: 'forbidden' });
    const pending = await asBot('/run "echo again" --task=T-AP');
    expect(await refusal(bot, `/run-approve ${pending.id}`, 'agent:bot')).to.include({ code: 'forbidden' });
    const stranger = await t.connect(await t.tokenFor('stranger', 'agent'));
    expect(await refusal(stranger, '/run "echo hi" --task=T-AP', 'agent:stranger')).to.include({ code: 'forbidden' });
    expect(await refusal(stranger, `/run-detail ${pending.id}`, 'agent:stranger')).to.include({ code: 'forbidden' });
    // Inputs are read with the requester's rights: an agent cannot pass on what it may not read.
    await mia.command('/artifact-upload --content="secret plan" --name=plan.txt --task=T-OTHER');
    const stranger2 = await t.connect(await t.tokenFor('helper', 'agent'));
    await admin.command('/task-create T-HELP --title="Help" --sprint=S-AP --assignee=@helper');
    expect(await refusal(stranger2, '/run "cat plan.txt" --task=T-HELP --inputs=sb://artifacts/by-task/T-OTHER/plan.txt', 'agent:helper')).to.include({ code: 'forbidden' });
    expect(await refusal(stranger, `/run-cancel ${pending.id}`, 'agent:stranger')).to.include({ code: 'forbidden' });
    const error = await refusal(mia, '/run "echo" --task=T-AP --timeout=soon');
    expect(error).to.include({ code: 'invalid_args' });
    expect(error.message).to.contain('"soon" is not a duration');
    expect(await refusal(mia, '/run "cat x" --task=T-AP --outputs=../etc/passwd')).to.include({ code: 'invalid_args' });
    expect(await refusal(mia, '/run-detail R-NOPE00')).to.include({ code: 'not_found' });
    // A person may not say runner:hello: runners are agents.
    const ack = (await mia.socket.emitWithAck('runner:hello', { slots: 1, labels: [], sandbox: 'none' })) as { ok: boolean; error?: { code: string } };
    expect(ack).to.deep.include({ ok: false });
    expect(ack.error!.code).to.equal('forbidden');
    // An agent that did not say runner:hello cannot claim or report.
    const claim = (await bot.socket.emitWithAck('runner:claim', {})) as { ok: boolean; error?: { code: string } };
    expect(claim.error!.code).to.equal('forbidden');
    expect((await bot.command(`/run-cancel ${pending.id}`)).text).to.equal(`⏹️ Run ${pending.id} cancelled.`);
  });

  it('follows the task policy: --agent-runs=allow queues at once, deny refuses', async () => {
    expect((await mia.command('/task-policy T-ALLOW --agent-runs=allow')).text).to.contain('runs: agents run at once');
    expect((await asBot('/run "echo allowed" --task=T-ALLOW')).status).to.equal('queued');
    await mia.command('/task-policy T-DENY --agent-runs=deny');
    const denied = await refusal(bot, '/run "echo no" --task=T-DENY', 'agent:bot');
    expect(denied).to.include({ code: 'forbidden' });
    expect(denied.message).to.contain('/task-policy T-DENY --agent-runs=approve');
    expect(await refusal(bot, '/task-policy T-ALLOW --agent-runs=allow', 'agent:bot')).to.include({ code: 'forbidden' });
  });

  it("follows the sprint's policy for its tasks, unless a task has its own", async () => {
    await mia.command('/sprints-create S-RUNS --title="Runs allowed"');
    for (const code of ['T-SP-1', 'T-SP-2']) await mia.command(`/task-create ${code} --title="${code}" --sprint=S-RUNS --assignee=@bot`);
    expect((await asBot('/run "echo waits" --task=T-SP-1')).status).to.equal('awaiting_approval');
    expect((await mia.command('/sprint-policy S-RUNS --agent-runs=allow')).text).to.equal("✅ Review in S-RUNS: off; agents' runs: allow");
    expect((await asBot('/run "echo at once" --task=T-SP-1')).status).to.equal('queued');
    await mia.command('/task-policy T-SP-2 --agent-runs=deny');
    expect((await refusal(bot, '/run "echo no" --task=T-SP-2', 'agent:bot')).message).to.contain('/task-policy T-SP-2 --agent-runs=approve');
    await mia.command('/sprint-policy S-RUNS --agent-runs=deny');
    await mia.command('/task-create T-SP-3 --title="T-SP-3" --sprint=S-RUNS --assignee=@bot');
    expect((await refusal(bot, '/run "echo no" --task=T-SP-3', 'agent:bot')).message).to.contain('/sprint-policy S-RUNS --agent-runs=approve');
    expect(await refusal(bot, '/sprint-policy S-RUNS --agent-runs=allow', 'agent:bot')).to.include({ code: 'forbidden' });
  });

  it('denies with a reason, and expires an approval nobody gave in time', async () => {
    await mia.join('task:T-OTHER');
    const finished = record(mia, 'run:finished');
    const one = await asBot('/run "echo one" --task=T-OTHER');
    expect((await sam.command(`/run-deny ${one.id} "too risky"`)).text).to.equal(`⛔ Run ${one.id} denied: too risky`);
    expect((await t.db.models.runs.findOne({ _id: one.id }).lean())!).to.include({ status: 'cancelled', reason: 'denied by @sam: too risky' });
    const two = await asBot('/run "echo two" --task=T-OTHER');
    clock.advance(23 * 3_600_000);
    await t.hub.dueWork.idle();
    expect((await t.db.models.runs.findOne({ _id: two.id }).lean())!.status).to.equal('awaiting_approval');
    clock.advance(3_600_000 + 1000);
    await t.hub.dueWork.idle();
    const expired = (await t.db.models.runs.findOne({ _id: two.id }).lean())!;
    expect(expired).to.include({ status: 'cancelled', reason: 'nobody approved it in time' });
    await eventually(() => expect(finished.map((e) => `${e.run.id} ${e.change}`)).to.include.members([`${one.id} denied`, `${two.id} expired`]));
    expect((await mia.command(`/run-detail ${two.id}`)).text).to.contain('cancelled (nobody approved it in time)');
  });

  it('runs the approved and allowed runs once a runner comes, all through MCP tools too', async () => {
    runner = await startRunner(t, 'runner-ap', { slots: 2, sandboxUid: 62500 });
    const queued = await t.db.models.runs.find({ status: 'queued' }).lean();
    expect(queued.length).to.be.greaterThan(0);
    for (const q of queued) expect((await runEnded(t, q._id)).status).to.equal('succeeded');
    // The lean daily list reaches runs through the `switchboard` tool; the full list has one tool per command.
    const lean = await mcpOverHttp(t.url, botToken);
    try {
      const viaLine = textOf(await lean.callTool({ name: 'switchboard', arguments: { line: '/runs --task=T-ALLOW' } }));
      expect(viaLine).to.contain('Runs of T-ALLOW');
    } finally {
      await lean.close();
    }
    const mcp = await mcpOverHttp(t.url, botToken, { allTools: true });
    try {
      const tools = (await mcp.listTools()).tools.map((tool) => tool.name);
      // An agent sees the tools it may call: approving is for people.
      expect(tools).to.include.members(['run', 'runs', 'run_detail', 'run_cancel', 'run_log']);
      expect(tools).not.to.include('run_approve');
      const started = textOf(await mcp.callTool({ name: 'run', arguments: { command: 'echo via mcp', task: 'T-ALLOW' } }));
      const id = /Run (R-[A-Z0-9]{6})/.exec(started)![1]!;
      expect((await runEnded(t, id)).status).to.equal('succeeded');
      expect(textOf(await mcp.callTool({ name: 'run_log', arguments: { id } }))).to.contain('via mcp');
    } finally {
      await mcp.close();
    }
  });
});
