import { expect } from 'chai';
import type { ChatMessage, Parcel, ParcelSummary } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';
import { startHub } from '../../server/hub.js';
import { download, uploadArtifact } from '../support/artifacts.js';
import { nextEvent, record } from '../support/events.js';
import { startTestHub, withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';
import { eventually } from '../support/wait.js';

// Fake secrets, built so no scanner mistakes this file for a leak.
const GITHUB_TOKEN = `ghp_${'A1b2C3d4'.repeat(4)}1234`;
const DB_PASSWORD = `hunter2-${'x'.repeat(8)}`;

const parcelsOf = (data: { parcels: ParcelSummary[] }) => data.parcels;

const ack = (client: SwitchboardClient, id: string) => client.socket.emitWithAck('parcel:ack', { id });

describe('the postmaster: messages, inboxes and parcels', () => {
  let admin: SwitchboardClient;
  let bot: SwitchboardClient;
  let botToken: string;
  const t = withTestHub();
  before(async () => {
    admin = await t.connect();
    botToken = await t.tokenFor('postbot', 'agent');
    await t.tokenFor('carol', 'person');
    bot = await t.connect(botToken);
    await admin.command('/sprints-create S-POST --title="Post sprint"');
    await admin.command('/task-create T-POST-1 --title="Wire the mailroom" --sprint=S-POST');
  });

  it('delivers a message to an online agent as parcel:new and a line in its inbox; ack, check and read move it along', async () => {
    const inbox = record(bot, 'chat:message');
    const arrived = nextEvent(bot, 'parcel:new', (e) => e.parcel.subject === 'Hello');
    const sent = await admin.command('/message-send @postbot Hello "First line\\nsecond line"');
    expect(sent.text).to.equal('✉️ Sent "Hello" to @postbot');
    const { parcel } = await arrived;
    expect(parcel).to.include({ to: 'postbot', subject: 'Hello', body: 'First line\nsecond line', kind: 'message', status: 'queued', redactions: 0 });
    expect(parcel.from.name).to.equal('admin');
    await eventually(() => expect(inbox.map((m) => `${m.room} ${m.text}`)).to.include('agent:postbot ✉️ From @admin: Hello'));

    expect(await ack(bot, parcel.id)).to.deep.equal({ ok: true, id: parcel.id, status: 'delivered' });
    expect(await ack(bot, parcel.id), 'acknowledging twice changes nothing').to.deep.equal({ ok: true, id: parcel.id, status: 'delivered' });
    const stored = await t.db.models.parcels.findById(parcel.id).lean();
    expect(stored!.deliveredAt).to.be.instanceOf(Date);

    const check = await bot.command('/messages-check', 'agent:postbot');
    expect(parcelsOf(check.data).map((p) => p.subject)).to.include('Hello');
    expect(check.text).to.contain('First line\nsecond line').and.to.contain(parcel.id);

    const read = await bot.command(`/message-read ${parcel.id}`, 'agent:postbot');
    expect(read.data.parcel).to.include({ status: 'read' });
    expect(read.text).to.contain('From @admin to @postbot');
    expect(parcelsOf((await bot.command('/messages-check')).data).map((p) => p.id)).to.not.include(parcel.id);
    expect(parcelsOf((await bot.command('/messages-check --status=read')).data).map((p) => p.id)).to.include(parcel.id);
  });

  it('threads replies: --reply-to puts the answer in the same thread, which /message-read shows', async () => {
    const first = parcelsOf((await admin.command('/message-send @postbot "Question" "Which port?"')).data)[0]!;
    const reply = parcelsOf((await bot.command(`/message-send @admin "Re: Question" 8080 --reply-to=${first.id}`)).data)[0]!;
    expect(reply.threadId).to.equal(first.threadId);
    expect(reply.replyTo).to.equal(first.id);
    const read = await admin.command(`/message-read ${reply.id}`, 'agent:admin');
    const thread = read.data.thread;
    expect(thread.map((p) => p.subject)).to.deep.equal(['Question', 'Re: Question']);
    expect(read.text).to.contain('Thread (2 messages)');
  });

  it('redacts secrets from the subject, the body and the stored command before anything is stored or sent', async () => {
    await admin.join('lobby');
    const watcher = record(admin, 'chat:message');
    const arrived = nextEvent(bot, 'parcel:new', (e) => e.parcel.subject.startsWith('Creds'));
    const sent = await admin.command(`/message-send @postbot "Creds ${GITHUB_TOKEN}" "use postgres://app:${DB_PASSWORD}@db:5432/main and password=${DB_PASSWORD}"`);
    expect(sent.text).to.match(/secrets were redacted$/);
    const { parcel } = await arrived;
    expect(parcel.redactions).to.equal(3);
    expect(parcel.subject).to.not.contain(GITHUB_TOKEN);
    expect(parcel.body).to.not.contain(DB_PASSWORD);
    expect(parcel.body).to.contain('postgres://app:').and.to.contain('@db:5432/main');
    await eventually(() => expect(watcher.some((m) => m.kind === 'command' && m.text.startsWith('/message-send'))).to.equal(true));
    const everywhere = JSON.stringify([
      await t.db.models.parcels.find().lean(),
      await t.db.models.messages.find().lean(),
      await t.db.models.activities.find().lean(),
      watcher,
    ]);
    expect(everywhere).to.not.contain(GITHUB_TOKEN);
    expect(everywhere).to.not.contain(DB_PASSWORD);
  });

  it('attaches artifacts by URI (a text one holding a secret as a redacted copy) and inline text, which the recipient may read', async () => {
    const leaky = await uploadArtifact(t, { task: 'T-POST-1' }, `config\ntoken=${GITHUB_TOKEN}\n`, 'config.env');
    const clean = await uploadArtifact(t, { task: 'T-POST-1' }, 'nothing secret here\n', 'readme.txt');
    const arrived = nextEvent(bot, 'parcel:new', (e) => e.parcel.subject === 'Files');
    await admin.command(`/message-send @postbot Files "see attached" --attach=${leaky.artifact!.uri},${clean.artifact!.uri} --content="inline password=${DB_PASSWORD}" --name=notes.txt`);
    const { parcel } = await arrived;
    expect(parcel.attachments.map((a) => a.name)).to.deep.equal(['config.env', 'readme.txt', 'notes.txt']);
    const [copy, same, inline] = parcel.attachments;
    expect(copy!.sha256, 'the secret-holding file goes as a redacted copy').to.not.equal(leaky.artifact!.sha256);
    expect(same!.sha256).to.equal(clean.artifact!.sha256);
    expect(same!.uri).to.equal(clean.artifact!.versionUri);
    expect(parcel.redactions).to.equal(2);

    // postbot is not on T-POST-1, yet may read what was sent to it; the original is untouched.
    const fetched = await download(t, `/api/artifacts/${copy!.sha256}`, {}, botToken);
    expect(fetched.res.status).to.equal(200);
    expect(fetched.bytes.toString()).to.contain('token=');
    expect(fetched.bytes.toString()).to.not.contain(GITHUB_TOKEN);
    expect((await download(t, `/api/artifacts/${inline!.sha256}`, {}, botToken)).bytes.toString()).to.not.contain(DB_PASSWORD);
    expect((await download(t, `/api/artifacts/${leaky.artifact!.sha256}`)).bytes.toString()).to.contain(GITHUB_TOKEN);
    expect((await download(t, `/api/artifacts/${leaky.artifact!.sha256}`, {}, botToken)).res.status, 'but not the original').to.equal(403);
  });

  it('posts a parcel about a task in the task room, with its id and artifact URIs in the metadata', async () => {
    await admin.join('task:T-POST-1');
    const seen = record(admin, 'chat:message');
    const sent = parcelsOf((await admin.command('/message-send @carol "Review please" "the mailroom" --task=T-POST-1 --content="diff here" --name=review.diff')).data)[0]!;
    await eventually(() => expect(seen.some((m) => m.room === 'task:T-POST-1' && m.kind === 'system')).to.equal(true));
    const line = seen.find((m) => m.room === 'task:T-POST-1' && m.kind === 'system')!;
    expect(line.text).to.equal('✉️ @admin → @carol: Review please');
    expect(line.meta).to.deep.include({ parcels: [sent.id], task: 'T-POST-1', artifacts: [sent.attachments[0]!.uri] });
    const artifacts = await admin.command('/artifacts T-POST-1');
    expect(artifacts.text, 'inline text about a task becomes an artifact of the task').to.contain('review.diff');
  });

  it('sends a task given to an agent as an assignment parcel with its context, and says "New task assigned" in the task room', async () => {
    await admin.command('/task-create T-POST-2 --title="Sort the letters" --sprint=S-POST --priority=high');
    await admin.command('/task-note T-POST-2 "start with the red ones"');
    await admin.join('task:T-POST-2');
    const seen = record(admin, 'chat:message');
    const arrived = nextEvent(bot, 'parcel:new', (e) => e.parcel.kind === 'assignment' && e.parcel.task === 'T-POST-2');
    await admin.command('/task-assign T-POST-2 @postbot', 'task:T-POST-2');
    const { parcel } = await arrived;
    expect(parcel.subject).to.equal('New task assigned: Sort the letters');
    expect(parcel.body).to.contain('start with the red ones').and.to.contain('Priority high');
    await eventually(() => expect(seen.map((m) => m.text)).to.include('New task assigned: Sort the letters → @postbot'));
    const order = seen.filter((m) => m.room === 'task:T-POST-2').map((m) => m.kind);
    expect(order, 'the command and its result come first').to.deep.equal(['command', 'result', 'system']);
    const line = seen.find((m) => m.kind === 'system')!;
    expect((line.meta as { parcels: string[] }).parcels).to.deep.equal([parcel.id]);

    await admin.command('/task-assign T-POST-2 @postbot');
    expect(await t.db.models.parcels.countDocuments({ task: 'T-POST-2', kind: 'assignment' }), 'the same assignee again is no news').to.equal(1);
  });

  it('turns @name in chat into a mention event, and a parcel for agents; e-mail addresses are no mentions', async () => {
    const carol = await t.connect(await t.tokenFor('carol', 'person'));
    const carolMentions = record(carol, 'mention');
    const botMention = nextEvent(bot, 'parcel:new', (e) => e.parcel.kind === 'mention');
    const botEvent = nextEvent(bot, 'mention');
    await admin.send('lobby', 'Hey @postbot and @Carol, mail bob@example.com about @nobody-here.');
    const { parcel } = await botMention;
    expect(parcel.subject).to.equal('@admin mentioned you in lobby');
    expect(parcel.body).to.contain('Hey @postbot');
    expect((await botEvent).by.name).to.equal('admin');
    await eventually(() => expect(carolMentions).to.have.length(1));
    expect(await t.db.models.parcels.countDocuments({ kind: 'mention', to: 'carol' }), 'people get the event, not a parcel').to.equal(0);
    expect(await t.db.models.parcels.countDocuments({ kind: 'mention', to: { $in: ['bob', 'example.com', 'nobody-here'] } })).to.equal(0);
    carol.close();
  });

  it('broadcasts to everyone, or to one role, but not to the sender; agents may not broadcast', async () => {
    await t.tokenFor('otherbot', 'agent');
    const result = await admin.command('/broadcast "Deploy freeze at 17:00" --role=agent');
    expect(result.text).to.equal('📣 Told 2 agents');
    const to = (await t.db.models.parcels.find({ kind: 'broadcast' }).lean()).map((p) => p.to).sort();
    expect(to).to.deep.equal(['otherbot', 'postbot']);
    const everyone = await admin.command('/broadcast "Lunch"');
    expect(everyone.data.to).to.include.members(['carol', 'postbot']).and.not.include('admin');
    expect((await refusal(bot, '/broadcast "hi all"')).code).to.equal('forbidden');
  });

  it('refuses bad sends with a code and stores nothing', async () => {
    const before = await t.db.models.parcels.countDocuments();
    expect(await refusal(admin, '/message-send @ghost "Hi" "there"')).to.include({ code: 'not_found' });
    expect((await refusal(admin, '/message-send @postbot')).code).to.equal('invalid_args');
    expect((await refusal(admin, '/message-send @postbot "Hi" --attach=not-a-uri')).code).to.equal('invalid_args');
    expect((await refusal(admin, '/message-send @postbot "Hi" --content=abc')).code).to.equal('invalid_args');
    expect((await refusal(admin, '/message-send @postbot "Hi" --task=T-NOPE')).code).to.equal('not_found');
    expect((await refusal(admin, `/message-send @postbot "Hi" --attach=sb://cas/${'0'.repeat(64)}`)).code).to.equal('not_found');
    expect((await refusal(admin, '/message-send @postbot "Hi" --reply-to=123')).code).to.equal('invalid_args');
    expect((await refusal(admin, `/message-send @postbot "Hi" --reply-to=${'a'.repeat(24)}`)).code).to.equal('not_found');
    // An agent speaks only about tasks it works on, and attaches only what it may read.
    expect((await refusal(bot, '/message-send @admin "Hi" --task=T-POST-1')).code).to.equal('forbidden');
    const secret = await uploadArtifact(t, { task: 'T-POST-1' }, 'private plans', 'plans.md');
    expect((await refusal(bot, `/message-send @admin "Hi" --attach=${secret.artifact!.uri}`)).code).to.equal('forbidden');
    expect(await t.db.models.parcels.countDocuments()).to.equal(before);

    const theirs = parcelsOf((await admin.command('/message-send @carol "Private" "for carol"')).data)[0]!;
    expect((await refusal(bot, `/message-read ${theirs.id}`)).code, "another's message is not there for you").to.equal('not_found');
    const ackError = await ack(bot, theirs.id);
    expect(ackError).to.deep.include({ ok: false });
    expect(await ack(bot, 'nope')).to.deep.include({ ok: false });
  });
});

describe('offline delivery', () => {
  const t = withTestHub();

  it('keeps parcels for an offline agent across a hub restart, sends them in order on connect, and again until acknowledged', async () => {
    const token = await t.tokenFor('sleeper', 'agent');
    const admin = await t.connect();
    for (const n of [1, 2, 3]) await admin.command(`/message-send @sleeper "Letter ${n}" "number ${n}"`);
    admin.close();
    await t.hub.close();
    const again = await startHub({ db: t.db, port: 0, host: '127.0.0.1' });
    try {
      // Listening right after hello is in time: queued parcels follow it.
      const first = await SwitchboardClient.connect(again.url, token);
      const got: Parcel[] = [];
      first.on('parcel:new', (e) => void got.push(e.parcel));
      await eventually(() => expect(got.map((p) => p.subject)).to.deep.equal(['Letter 1', 'Letter 2', 'Letter 3']));
      expect(await first.socket.emitWithAck('parcel:ack', { id: got[0]!.id })).to.include({ ok: true, status: 'delivered' });
      first.close();

      const second = await SwitchboardClient.connect(again.url, token);
      const again2: Parcel[] = [];
      second.on('parcel:new', (e) => void again2.push(e.parcel));
      await eventually(() => expect(again2.map((p) => p.subject), 'unacknowledged ones come again, acknowledged ones do not').to.deep.equal(['Letter 2', 'Letter 3']));
      second.close();
    } finally {
      await again.close();
    }
  });

  it('reaches both sockets of an agent; one acknowledgement delivers it', async () => {
    const t2 = await startTestHub();
    try {
      const token = await t2.tokenFor('twin', 'agent');
      const a = await t2.connect(token);
      const b = await t2.connect(token);
      const admin = await t2.connect();
      const onA = nextEvent(a, 'parcel:new');
      const onB = nextEvent(b, 'parcel:new');
      await admin.command('/message-send @twin "Both" "of you"');
      const [pa, pb] = await Promise.all([onA, onB]);
      expect(pa.parcel.id).to.equal(pb.parcel.id);
      await a.socket.emitWithAck('parcel:ack', { id: pa.parcel.id });
      expect(await b.socket.emitWithAck('parcel:ack', { id: pb.parcel.id })).to.include({ ok: true, status: 'delivered' });
      const messages: ChatMessage[] = await b.join('agent:twin');
      expect(messages.map((m) => m.text)).to.include('✉️ From @admin: Both');
    } finally {
      await t2.stop();
    }
  });
});
