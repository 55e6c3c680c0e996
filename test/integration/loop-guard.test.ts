import { expect } from 'chai';
import type { ChatMessage } from '../../protocol/index.js';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { ManualClock } from '../support/clock.js';
import { record } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

/**
 * Issue 10, point 12: two agents answering each other faster than a rate are paused, and both of
 * them and the people watching are told. Time moves by the test's clock, never by sleeping.
 */
describe('loop guard for two agents answering each other', () => {
  let ping: SwitchboardClient;
  let pong: SwitchboardClient;
  let person: SwitchboardClient;
  const LIMIT = { messages: 6, seconds: 60, pauseSeconds: 300 };

  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const t = withTestHub({ clock, loopGuard: LIMIT });
  before(async () => {
    ping = await t.connect(await t.tokenFor('ping', 'agent'));
    pong = await t.connect(await t.tokenFor('pong', 'agent'));
    person = await t.connect(await t.tokenFor('watcher', 'person', 'member'));
    for (const c of [ping, pong, person]) await c.join('lobby');
  });

  it('pauses a mention ping-pong past the rate, tells both agents and the room, and lets it resume after the pause', async () => {
    const pingHeard = record(ping, 'chat:message');
    const pongHeard = record(pong, 'chat:message');
    const lobby = record(person, 'chat:message');
    const feed = record(person, 'activity:new');

    // Slow talk is never a loop: one exchange a minute, for ten minutes.
    for (let i = 0; i < 10; i++) {
      expect((await ping.send('lobby', `@pong slow ${i}`)).ok).to.equal(true);
      clock.advance(61_000);
    }

    // Then they answer each other every second: the 7th message in a minute pauses them.
    const acks = [];
    for (let i = 0; i < 7; i++) {
      const [from, to] = i % 2 === 0 ? [ping, 'pong'] : [pong, 'ping'];
      acks.push(await from.send('lobby', `@${to} fast ${i}`));
      clock.advance(1000);
    }
    expect(acks.every((a) => a.ok)).to.equal(true);
    const paused = (m: ChatMessage) => m.kind === 'system' && m.text.includes('@ping and @pong were answering each other');
    await eventually(() => {
      expect(pingHeard.filter((m) => m.room === 'agent:ping' && paused(m))).to.have.lengthOf(1);
      expect(pongHeard.filter((m) => m.room === 'agent:pong' && paused(m))).to.have.lengthOf(1);
      expect(lobby.filter((m) => m.room === 'lobby' && paused(m))).to.have.lengthOf(1);
      expect(feed.map((f) => f.activity.type)).to.include('agents.paused');
    });
    expect(lobby.find(paused)!.text).to.contain('paused until 10:15 UTC');

    // Either of them, by mention or by direct message, is refused while paused; nothing is stored.
    const byMention = await pong.send('lobby', '@ping are you there?');
    const byMessage = await ping.send('agent:ping', '/message-send @pong "still looping" "body"');
    for (const ack of [byMention, byMessage]) {
      expect(ack.ok).to.equal(false);
      if (!ack.ok) {
        expect(ack.error.code).to.equal('rate_limited');
        expect(ack.error.retryAfterMs).to.be.greaterThan(0);
      }
    }
    expect(await t.db.models.messages.countDocuments({ text: '@ping are you there?' })).to.equal(0);
    // Talking to others, and a person talking to them, goes on.
    expect((await ping.send('lobby', 'hello @watcher')).ok).to.equal(true);
    expect((await person.send('lobby', '@ping @pong stop that')).ok).to.equal(true);

    clock.advance(LIMIT.pauseSeconds * 1000);
    expect((await pong.send('lobby', '@ping back again')).ok).to.equal(true);
    expect((await ping.send('agent:ping', '/message-send @pong "after the pause" "ok"')).ok).to.equal(true);
  });

  it('lets a person resume a paused conversation early, and not an agent', async () => {
    clock.advance(LIMIT.seconds * 1000); // a fresh window
    for (let i = 0; i < 7; i++) {
      const [from, to] = i % 2 === 0 ? [ping, 'pong'] : [pong, 'ping'];
      expect((await from.send('lobby', `@${to} again ${i}`)).ok).to.equal(true);
      clock.advance(500);
    }
    expect((await ping.send('lobby', '@pong paused?')).ok).to.equal(false);
    const byAgent = await pong.send('agent:pong', '/loop-resume @ping @pong');
    expect(byAgent.ok || byAgent.error.code).to.equal('forbidden');
    const resumed = await person.command('/loop-resume @pong @ping', 'lobby');
    expect(resumed.text).to.contain('resumed the conversation of @pong and @ping');
    expect((await ping.send('lobby', '@pong talking again')).ok).to.equal(true);
    const again = await person.send('lobby', '/loop-resume @pong @ping');
    expect(again.ok || again.error.code).to.equal('not_found');
  });
});
