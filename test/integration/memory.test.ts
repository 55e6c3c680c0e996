import { expect } from 'chai';
import { MEMORY_VALUE_BYTES, type ChatMessage, type MemoryEntry, type TableData } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';
import { startHub } from '../../server/hub.js';
import { currentSession, endSession } from '../support/agents.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { ManualClock } from '../support/clock.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

const entryOf = (data: { entry: MemoryEntry }) => data.entry;
const keysOf = (data: TableData<{ key: string }>) => data.rows.map((r) => r.key);

describe('agent memory (/memory-set, -get, -list, -forget)', () => {
  let bot: SwitchboardClient;
  let botToken: string;
  // Starts at the real time (other hub parts compare with it) and moves only when a test says.
  const clock = new ManualClock(new Date());
  const t = withTestHub({ clock });
  before(async () => {
    botToken = await t.tokenFor('mnemo', 'agent');
    bot = await t.connect(botToken);
  });

  it('remembers a value (the rest of the line) under a key, reads it back, lists and forgets it', async () => {
    const set = await bot.command('/memory-set plan.next Start with the login form, then the API docs');
    expect(set.text).to.match(/Remembered plan\.next .*durable/);
    const got = await bot.command('/memory-get plan.next');
    expect(entryOf(got.data)).to.include({ key: 'plan.next', value: 'Start with the login form, then the API docs', ephemeral: false, expiresAt: null });
    expect(got.text).to.contain('Start with the login form');

    await bot.command('/memory-set notes/T-1:decisions "use  two spaces"');
    await bot.command('/memory-set plan.later docs');
    expect(keysOf((await bot.command('/memory-list')).data)).to.deep.equal(['notes/T-1:decisions', 'plan.later', 'plan.next']);
    expect(keysOf((await bot.command('/memory-list --prefix=plan.')).data)).to.deep.equal(['plan.later', 'plan.next']);
    expect(entryOf((await bot.command('/memory-get notes/T-1:decisions')).data).value).to.equal('use  two spaces');

    await bot.command('/memory-set plan.next Rewritten');
    expect(entryOf((await bot.command('/memory-get plan.next')).data).value).to.equal('Rewritten');

    expect((await bot.command('/memory-forget plan.later')).text).to.contain('Forgot plan.later');
    expect((await refusal(bot, '/memory-get plan.later')).code).to.equal('not_found');
    expect((await refusal(bot, '/memory-forget plan.later')).code).to.equal('not_found');
  });

  it('keeps each principal\'s memory to itself, and shows the room only that something was read', async () => {
    const other = await t.connect(await t.tokenFor('other-bot', 'agent'));
    await bot.command('/memory-set secret.plan only mine');
    expect((await refusal(other, '/memory-get secret.plan')).code).to.equal('not_found');
    expect(keysOf((await other.command('/memory-list')).data)).to.deep.equal([]);

    const watcher = await t.connect();
    await watcher.join('lobby');
    const seen = record(watcher, 'chat:message');
    const mine = await bot.command('/memory-get secret.plan', 'lobby');
    expect(entryOf(mine.data).value).to.equal('only mine');
    await bot.command('/memory-list --prefix=secret', 'lobby');
    await eventually(() => expect(seen.filter((m) => m.kind === 'result')).to.have.length(2));
    const shown = seen.filter((m: ChatMessage) => m.kind === 'result').map((m) => `${m.text} ${JSON.stringify(m.result?.data)}`);
    expect(shown.join('\n')).to.contain('secret.plan').and.not.to.contain('only mine');
  });

  it('refuses bad keys and empty values with invalid_args, and values over 64 KiB with too_large', async () => {
    expect((await refusal(bot, '/memory-set $where 1')).code).to.equal('invalid_args');
    expect((await refusal(bot, '/memory-set .hidden x')).code).to.equal('invalid_args');
    expect((await refusal(bot, '/memory-set lonely.key')).code).to.equal('invalid_args');
    expect((await refusal(bot, '/memory-set k v --ttl=soon')).message).to.contain('not a duration');

    // A chat line holds 16 KiB, so from chat the line limit answers first, with the same advice.
    const line = await refusal(bot, `/memory-set big ${'x'.repeat(17 * 1024)}`);
    expect(line.code).to.equal('too_large');
    expect(line.message).to.contain('artifact');

    const owner = bot.principal!;
    const tooBig = await t.hub.services.memory.set(owner, { key: 'big', value: 'é'.repeat(MEMORY_VALUE_BYTES / 2 + 1), ephemeral: false }).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(tooBig?.code).to.equal('too_large');
    expect(tooBig?.message).to.contain('artifact');
    await t.hub.services.memory.set(owner, { key: 'big', value: 'x'.repeat(MEMORY_VALUE_BYTES), ephemeral: false });
    expect(entryOf((await bot.command('/memory-get big')).data).value).to.have.length(MEMORY_VALUE_BYTES);
  });

  it('ends ephemeral entries with the session and keeps durable ones across sessions', async () => {
    const token = await t.tokenFor('shortlived', 'agent');
    const first = await t.connect(token);
    expect(await currentSession(t, 'shortlived'), 'the session is open once the hub says hello').to.not.equal(null);
    await first.command('/memory-set scratch.cursor line 42 --ephemeral');
    await first.command('/memory-set kept.goal ship the login form');
    expect(entryOf((await first.command('/memory-get scratch.cursor')).data)).to.include({ value: 'line 42', ephemeral: true });
    expect((await first.command('/memory-list')).text).to.contain('ends with this session');

    await endSession(t, first);
    const second = await t.connect(token);
    expect((await refusal(second, '/memory-get scratch.cursor')).code).to.equal('not_found');
    expect(entryOf((await second.command('/memory-get kept.goal')).data).value).to.equal('ship the login form');
    expect(await t.db.models.memory.countDocuments({ owner: 'shortlived', ephemeral: true })).to.equal(0);
  });

  it('expires entries at their TTL: hidden from every read, then deleted', async () => {
    const set = await bot.command('/memory-set lease.note renew at noon --ttl=1h');
    expect(entryOf(set.data)).to.include({ ephemeral: true });
    expect(set.text).to.contain('expires in 1h');
    expect(Date.parse(entryOf(set.data).expiresAt!) - clock.now().getTime()).to.equal(3600_000);

    const owner = bot.principal!;
    const later = new Date(clock.now().getTime() + 2 * 3600_000);
    const read = await t.hub.services.memory.get(owner, 'lease.note', later).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(read?.code).to.equal('not_found');
    expect(read?.message).to.contain('expired');
    expect(await t.db.models.memory.countDocuments({ owner: owner.name, key: 'lease.note' })).to.equal(0);

    await bot.command('/memory-set short.one gone soon --ttl=1s');
    clock.advance(1100);
    expect((await refusal(bot, '/memory-get short.one')).code).to.equal('not_found');
    expect(keysOf((await bot.command('/memory-list --prefix=short')).data)).to.deep.equal([]);

    // The sweep frees what nobody reads any more: expired entries, and ephemeral ones of a
    // session that ended without clearing them (a hub that died).
    await bot.command('/memory-set sweep.me soon --ttl=1m');
    const dead = await t.db.models.sessions.create({ principalId: owner.id, name: owner.name, startedAt: new Date(0), endedAt: new Date(1) });
    await t.db.models.memory.create({ owner: owner.name, key: 'orphan', value: 'left behind', ephemeral: true, sessionId: dead._id, updatedAt: new Date() });
    expect(await t.hub.services.memory.sweepExpired(new Date(clock.now().getTime() + 120_000))).to.equal(2);
    expect(await t.db.models.memory.countDocuments({ owner: owner.name, key: { $in: ['sweep.me', 'orphan'] } })).to.equal(0);
  });

  it('over HTTP with no live session, takes ephemeral entries only with a --ttl', async () => {
    const token = await t.tokenFor('http-only', 'agent');
    const http = new SwitchboardHttp(t.url, token);
    const ack = await http.send('/memory-set job.id 7 --ephemeral');
    expect(ack.ok).to.equal(false);
    if (!ack.ok) expect(ack.error).to.include({ code: 'invalid_args' }).and.to.have.property('message').that.contains('--ttl');
    const ok = await http.command('/memory-set job.id 7 --ephemeral --ttl=10m');
    expect(entryOf(ok.data)).to.include({ value: '7', ephemeral: true });
    expect(entryOf((await http.command('/memory-get job.id')).data).value).to.equal('7');
  });

  it('keeps durable memory across a restart of the hub', async () => {
    await bot.command('/memory-set restart.proof still here');
    await t.hub.close();
    const again = await startHub({ db: t.db, port: 0, host: '127.0.0.1' });
    try {
      const http = new SwitchboardHttp(again.url, botToken);
      expect(entryOf((await http.command('/memory-get restart.proof')).data).value).to.equal('still here');
    } finally {
      await again.close();
    }
  });
});
