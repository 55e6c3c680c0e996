import { expect } from 'chai';
import type { ChatMessage, TaskUpdatedEvent } from '../../protocol/index.js';
import type { SwitchboardClient, SwitchboardError } from '../../client/sdk/index.js';
import { endSession } from '../support/agents.js';
import { nextEvent, record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';
import { refusal } from '../support/refusal.js';

const BOTS = ['racer-1', 'racer-2', 'racer-3', 'racer-4', 'racer-5'];

describe('claiming tasks: /task-claim, /task-release and leases', () => {
  let admin: SwitchboardClient;
  /** A person watching the sprint room and the task rooms it joins. */
  let mia: SwitchboardClient;
  let bots: SwitchboardClient[];
  const tokens = new Map<string, string>();

  // Leases checked ten times a second, so that leases of a second or two can be watched running out.
  const t = withTestHub({ leaseCheckMs: 100 });
  before(async () => {
    admin = await t.connect();
    mia = await t.connect(await t.tokenFor('mia', 'person'));
    for (const name of [...BOTS, 'holder', 'http-bot', 'owner-bot']) tokens.set(name, await t.tokenFor(name, 'agent'));
    bots = await Promise.all(BOTS.map((name) => t.connect(tokens.get(name))));
    await admin.command('/sprints-create S-CLAIM --title="Claims"');
    await mia.join('sprint:S-CLAIM');
  });

  const create = (code: string, extra = '') => admin.command(`/task-create ${code} --title="${code}" --sprint=S-CLAIM ${extra}`);
  // Notes reach the task document when folded (see TaskNotes): the stored task is read after that.
  const stored = async (code: string) => {
    await t.hub.services.tasks.notes.flush();
    return (await t.db.models.tasks.findOne({ code }).lean())!;
  };
  /** Every bot sends the same /task-claim at once; returns who won and what the others were told. */
  async function race(code: string) {
    const outcomes = await Promise.allSettled(bots.map((b) => b.command(`/task-claim ${code}`)));
    const winners = BOTS.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as SwitchboardError] : []));
    return { winners, losers };
  }
  const systemSaying = (messages: ChatMessage[], pattern: RegExp) => messages.filter((m) => m.kind === 'system' && pattern.test(m.text));

  it('lets exactly one of five agents claiming at once win; the others are told who holds it', async () => {
    await create('T-RACE');
    await mia.join('task:T-RACE');
    const seen = record(mia, 'task:updated');
    // A person writes notes while the bots race: the writes of one task queue up, none is lost.
    const notes = [1, 2, 3].map((n) => admin.command(`/task-note T-RACE "note ${n}"`));
    const { winners, losers } = await race('T-RACE');
    await Promise.all(notes);

    expect(winners).to.have.length(1);
    const winner = winners[0]!;
    expect(losers).to.have.length(4);
    for (const e of losers) {
      expect(e.code).to.equal('already_claimed');
      expect(e.message).to.match(new RegExp(`^T-RACE is held by @${winner} until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\.$`));
    }
    const task = await stored('T-RACE');
    expect(task).to.include({ claimedBy: winner, status: 'in_progress', leaseMs: 30 * 60_000 });
    expect(task.startedAt).to.be.an.instanceOf(Date);
    expect(task.leaseUntil!.getTime()).to.be.greaterThan(Date.now() + 29 * 60_000);
    expect(task.context.split('\n\n')).to.have.length(3);
    await eventually(() => expect(seen.filter((e) => e.change === 'claimed')).to.have.length(1));
    expect(seen.find((e) => e.change === 'claimed')!.task).to.include({ claimedBy: winner, status: 'in_progress' });
    expect((await admin.command('/task-detail T-RACE')).text).to.contain(`held by @${winner} until`);
    expect((await admin.command('/activity --task=T-RACE')).text).to.contain(`claimed T-RACE until`);
  });

  it('has one winner in every round when the same task is raced again after each release', async () => {
    await create('T-ROUNDS');
    for (let round = 0; round < 5; round++) {
      const { winners, losers } = await race('T-ROUNDS');
      expect(winners, `round ${round}`).to.have.length(1);
      expect(losers.map((e) => e.code)).to.deep.equal(['already_claimed', 'already_claimed', 'already_claimed', 'already_claimed']);
      expect((await stored('T-ROUNDS')).claimedBy).to.equal(winners[0]);
      const released = await bots[BOTS.indexOf(winners[0]!)]!.command('/task-release T-ROUNDS');
      expect(released.text).to.equal('✅ T-ROUNDS released; it is back in todo');
      expect(await stored('T-ROUNDS')).to.include({ claimedBy: null, leaseUntil: null, status: 'todo' });
    }
  });

  it('lets the holder release, and people release anyone\'s claim; other agents may not, and nothing unclaimed is released', async () => {
    const [ada, bea] = bots as [SwitchboardClient, SwitchboardClient];
    await create('T-REL');
    expect((await refusal(ada, '/task-release T-REL')).message).to.equal('T-REL is not claimed by anyone, so there is nothing to release.');
    await ada.command('/task-claim T-REL');
    // Holding it opens the task room to the agent, and it may work there.
    await ada.join('task:T-REL');
    await ada.command('/task-note T-REL "on it"', 'task:T-REL');
    const stolen = await refusal(bea, '/task-release T-REL');
    expect([stolen.code, stolen.message]).to.deep.equal(['forbidden', 'T-REL is held by @racer-1; only @racer-1 or a person may release it.']);
    await ada.command('/task-release T-REL');
    expect((await bea.command('/task-claim T-REL')).text).to.match(/^✅ T-REL claimed by @racer-2 until /);

    const inbox = nextEvent(bea, 'chat:message', (m) => m.room === 'agent:racer-2' && m.kind === 'system');
    expect((await mia.command('/task-release T-REL')).text).to.equal('✅ T-REL released; it is back in todo');
    expect((await inbox).text).to.equal('🔓 @mia released your claim on T-REL; it is back in todo.');
    expect(await stored('T-REL')).to.include({ claimedBy: null, status: 'todo' });
  });

  it('renews a short lease while its holder stays online', async () => {
    const [, , cat] = bots as [SwitchboardClient, SwitchboardClient, SwitchboardClient];
    await create('T-KEEP');
    await mia.join('task:T-KEEP');
    const seen = record(mia, 'task:updated');
    await cat.command('/task-claim T-KEEP --lease=1s');
    const first = (await stored('T-KEEP')).leaseUntil!.getTime();
    await eventually(async () => (await stored('T-KEEP')).leaseUntil!.getTime() > first + 3000, { what: 'the lease was renewed past three lease lengths', ms: 10_000 });
    expect(await stored('T-KEEP')).to.include({ claimedBy: 'racer-3', status: 'in_progress' });
    expect(seen.filter((e) => e.change === 'lease_lapsed')).to.deep.equal([]);
    const again = await cat.command('/task-claim T-KEEP --lease=1h');
    expect(again.text).to.match(/^✅ T-KEEP is still yours, until /);
    expect((await stored('T-KEEP')).leaseMs).to.equal(3_600_000);
    await cat.command('/task-release T-KEEP');
  });

  it('takes the task back when its holder goes offline and the lease runs out, and tells the rooms and the holder', async () => {
    await create('T-LAPSE');
    await mia.join('task:T-LAPSE');
    const events = record(mia, 'task:updated');
    const messages = record(mia, 'chat:message');
    const holder = await t.connect(tokens.get('holder'));
    await holder.command('/task-claim T-LAPSE --lease=1s');
    await eventually(() => expect(events.map((e) => [e.change, e.task.claimedBy])).to.deep.include(['claimed', 'holder']));

    await endSession(t, holder);
    const lapsed: TaskUpdatedEvent = await nextEvent(mia, 'task:updated', (e) => e.change === 'lease_lapsed' && e.task.code === 'T-LAPSE', 10_000);
    expect(lapsed.task).to.include({ status: 'todo', claimedBy: null, leaseUntil: null });
    expect(lapsed.by.name).to.equal('switchboard');
    expect(await stored('T-LAPSE')).to.include({ status: 'todo', claimedBy: null, leaseUntil: null });
    const said = 'The lease of @holder on T-LAPSE ran out while @holder was offline; T-LAPSE is back in todo: /task-claim T-LAPSE to take it.';
    await eventually(() => {
      expect(messages.filter((m) => m.kind === 'system' && m.text === `⏰ ${said}`).map((m) => m.room).sort()).to.deep.equal(['sprint:S-CLAIM', 'task:T-LAPSE']);
    });
    expect((await admin.command('/activity --task=T-LAPSE')).text).to.contain('the lease of @holder on T-LAPSE ran out');

    const back = await t.connect(tokens.get('holder'));
    const inbox = await back.history({ room: 'agent:holder', limit: 100 });
    expect(systemSaying(inbox, /^⏰ Your lease on T-LAPSE ran out while you were offline; you no longer hold it and it is back in todo\./)).to.have.length(1);
    expect((await bots[3]!.command('/task-claim T-LAPSE')).text, 'free again for anyone').to.match(/^✅ T-LAPSE claimed by @racer-4/);
    back.close();
  });

  it('keeps the lease of a holder working over HTTP alive with its commands on the task, then lapses it', async () => {
    await create('T-HTTP');
    const token = tokens.get('http-bot')!;
    const post = async (line: string) => {
      const res = await fetch(`${t.url}/api/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ line }),
      });
      return (await res.json()) as { ok: boolean };
    };
    // No socket: the agent is offline, so only its commands on the task keep the claim.
    expect((await post('/task-claim T-HTTP --lease=3s')).ok).to.equal(true);
    const claimed = (await stored('T-HTTP')).leaseUntil!.getTime();
    // A command extends the lease once a tenth of it (300 ms here) has passed since the last extension.
    await eventually(
      async () => {
        expect((await post('/task-note T-HTTP "still at it"')).ok).to.equal(true);
        return (await stored('T-HTTP')).leaseUntil!.getTime() > claimed;
      },
      { what: 'a command extended the lease', ms: 3000, everyMs: 100 },
    );
    await eventually(async () => (await stored('T-HTTP')).claimedBy === null, { what: 'the silent holder lost T-HTTP', ms: 10_000 });
    expect((await stored('T-HTTP')).status).to.equal('todo');
  });

  it('never lapses a task that was completed or cancelled: finishing ends the claim', async () => {
    const holder = await t.connect(tokens.get('holder'));
    const events = record(mia, 'task:updated');
    for (const code of ['T-DONE', 'T-CANCEL', 'T-CANARY']) await create(code);
    for (const code of ['T-DONE', 'T-CANCEL', 'T-CANARY']) await holder.command(`/task-claim ${code} --lease=1s`);
    await holder.command('/task-done T-DONE "finished"');
    await holder.command('/task-status T-CANCEL --status=cancelled');
    expect(await stored('T-DONE')).to.include({ status: 'completed', claimedBy: null, leaseUntil: null });
    expect(await stored('T-CANCEL')).to.include({ status: 'cancelled', claimedBy: null });

    // T-CANARY was claimed last: once its lease has lapsed, the others' would have too.
    await endSession(t, holder);
    await eventually(async () => (await stored('T-CANARY')).claimedBy === null, { what: 'T-CANARY lapsed', ms: 10_000 });
    expect(await stored('T-DONE')).to.include({ status: 'completed', summary: 'finished' });
    expect((await stored('T-CANCEL')).status).to.equal('cancelled');
    const ours = (e: TaskUpdatedEvent) => ['T-DONE', 'T-CANCEL', 'T-CANARY'].includes(e.task.code);
    await eventually(() => expect(events.filter((e) => ours(e) && e.change === 'lease_lapsed').map((e) => e.task.code)).to.deep.equal(['T-CANARY']));
  });

  it('refuses tasks assigned to someone else, tasks not in todo, unknown tasks and bad leases', async () => {
    const [ada] = bots as [SwitchboardClient];
    await create('T-OTHERS', '--assignee=@owner-bot');
    const taken = await refusal(ada, '/task-claim T-OTHERS');
    expect([taken.code, taken.message]).to.deep.equal([
      'forbidden',
      'T-OTHERS is assigned to @owner-bot; only @owner-bot may claim it. Ask a person to /task-assign it to you.',
    ]);
    const owner = await t.connect(tokens.get('owner-bot'));
    expect((await owner.command('/task-claim T-OTHERS')).text, 'its assignee may').to.match(/^✅ T-OTHERS claimed by @owner-bot/);

    await create('T-REVIEW');
    await admin.command('/task-status T-REVIEW --status=review');
    expect((await refusal(ada, '/task-claim T-REVIEW')).message).to.equal('T-REVIEW is review; only a todo task can be claimed.');
    expect((await refusal(ada, '/task-claim T-NOPE')).code).to.equal('not_found');

    await create('T-LEASE');
    for (const [lease, says] of [
      ['soon', '"soon" is not a duration'],
      ['500ms', '"500ms" is not a duration'],
      ['0s', 'the lease must be between 1s and 1d'],
      ['2d', 'the lease must be between 1s and 1d'],
    ] as const) {
      const e = await refusal(ada, `/task-claim T-LEASE --lease=${lease}`);
      expect(e.code, lease).to.equal('invalid_args');
      expect(e.message, lease).to.contain(says);
    }
    expect(await stored('T-LEASE')).to.include({ claimedBy: null, status: 'todo' });
  });
});
