import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTwoHubs } from '../support/hub.js';

/**
 * A hub keeps copies of the tasks it used (TaskCache). Two hubs here share one database with no
 * Redis between them, so neither hears of the other's writes: what the other changed must still
 * count at once wherever a kept copy would refuse (rights, claims, moves), because a refusal is
 * decided again on a fresh read, and a write from a stale copy loses its `rev` check and retries.
 */
describe('kept task copies never refuse what another hub just allowed', function () {
  this.timeout(60000);
  const [a, b] = withTwoHubs();
  let onA: SwitchboardClient;
  let onB: SwitchboardClient;

  before(async () => {
    onA = await a.connect();
    onB = await b.connect(b.adminToken);
    await onA.command('/sprints-create S-COPY --title="Copies"');
  });
  const detailOnA = async (code: string) => (await onA.command(`/task-detail ${code}`)).data.task;

  it('lets an agent into the room of a task the other hub has just given it', async () => {
    await onA.command('/task-create T-GIVEN --title="Given elsewhere" --sprint=S-COPY');
    const bot = await a.connect(await a.tokenFor('copy-bot', 'agent'));
    const refused = await bot.send('task:T-GIVEN', 'not mine yet');
    expect(refused.ok).to.equal(false);
    await onB.command('/task-assign T-GIVEN @copy-bot');
    const ack = await bot.send('task:T-GIVEN', '/task-note T-GIVEN "mine now"');
    expect(ack.ok, JSON.stringify(ack)).to.equal(true);
    expect((await detailOnA('T-GIVEN')).context).to.contain('@copy-bot: mine now');
  });

  it('lets an agent claim a task the other hub has just released, though this hub saw it held', async () => {
    await onA.command('/task-create T-FREED --title="Freed elsewhere" --sprint=S-COPY');
    const holder = await a.connect(await a.tokenFor('holder-bot', 'agent'));
    const taker = await a.connect(await a.tokenFor('taker-bot', 'agent'));
    await holder.command('/task-claim T-FREED');
    const held = await taker.send('lobby', '/task-claim T-FREED');
    expect(held.ok).to.equal(false);
    if (!held.ok) expect(held.error.code).to.equal('already_claimed');
    await onB.command('/task-release T-FREED');
    const claimed = await taker.command('/task-claim T-FREED');
    expect(claimed.data.task.claimedBy).to.equal('taker-bot');
  });

  it('moves a task from the status the other hub has just given it, not the one this hub kept', async () => {
    await onA.command('/task-create T-MOVED --title="Moved elsewhere" --sprint=S-COPY');
    await onA.command('/task-status T-MOVED --status=cancelled');
    await onB.command('/task-status T-MOVED --status=todo');
    const moved = await onA.command('/task-status T-MOVED --status=in_progress');
    expect(moved.data.task.status).to.equal('in_progress');
    // Each hub folds its notes into the task (see TaskNotes): this hub's fold, made from the copy
    // it kept, loses its rev check and is made again on a fresh read.
    await onB.command('/task-note T-MOVED "from the other hub"');
    await b.hub.services.tasks.notes.flush();
    await onA.command('/task-note T-MOVED "from this hub"');
    await a.hub.services.tasks.notes.flush();
    const { context } = await detailOnA('T-MOVED');
    expect(context).to.contain('from the other hub');
    expect(context).to.contain('from this hub');
  });
});
