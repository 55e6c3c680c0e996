import { expect } from 'chai';
import { uploadArtifact } from '../support/artifacts.js';
import { nextEvent } from '../support/events.js';
import { withTestHub } from '../support/hub.js';
import { parsePrometheus, sample } from '../support/prometheus.js';
import { eventually } from '../support/wait.js';

const METRICS_TOKEN = 'mt_test_only_for_scrapers';

describe('GET /metrics (Prometheus)', () => {
  const t = withTestHub({ metrics: { token: METRICS_TOKEN, port: 0 } });

  const scrape = async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/plain');
    const text = await res.text();
    return { text, samples: parsePrometheus(text) };
  };

  it('answers only the metrics token on the hub port; a user token or none is refused', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).to.equal(401);
    const user = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(user.status).to.equal(401);
    expect(((await user.json()) as { error: { message: string } }).error.message).to.contain('METRICS_TOKEN');
  });

  it('serves the same registry tokenless on its own loopback port, and nothing else there', async () => {
    expect(t.hub.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(t.hub.metricsUrl!);
    expect(res.status).to.equal(200);
    expect(parsePrometheus(await res.text()).has('switchboard_process_resident_memory_bytes')).to.equal(true);
    expect((await fetch(t.hub.metricsUrl!.replace('/metrics', '/api/commands'))).status).to.equal(404);
  });

  it('moves its counters with the actions that drive them, with bounded labels', async () => {
    const admin = await t.connect();
    const before = (await scrape()).samples;
    await admin.command('/sprints-create S-M --title="Metrics"');
    await admin.command('/task-create T-M-SECRET --title="Watched" --sprint=S-M');
    const refused = await admin.send('lobby', '/task-done T-NOPE "x"');
    expect(refused.ok).to.equal(false);
    await admin.send('lobby', 'hello metrics');
    const up = await uploadArtifact(t, { task: 'T-M-SECRET' }, Buffer.from('# notes\n'), 'notes.md');
    expect(up.status).to.equal(201);
    const got = await fetch(`${t.url}/api/artifacts/by-task/T-M-SECRET/notes.md`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(got.status).to.equal(200);
    await got.arrayBuffer();
    // A parcel to an agent, acknowledged by its socket: one delivery.
    const botToken = await t.tokenFor('bot', 'agent');
    const bot = await t.connect(botToken);
    const arrived = nextEvent(bot, 'parcel:new');
    await admin.command('/message-send @bot "ping" "are you there"');
    const { parcel } = await arrived;
    expect((await bot.socket.emitWithAck('parcel:ack', { id: parcel.id })).ok).to.equal(true);

    const { text, samples: after } = await scrape();
    const moved = (key: string) => sample(after, key) - sample(before, key);
    expect(moved('switchboard_commands_total{command="sprints-create",principal_kind="person",outcome="ok"}')).to.equal(1);
    expect(moved('switchboard_commands_total{command="task-done",principal_kind="person",outcome="not_found"}')).to.equal(1);
    expect(moved('switchboard_command_duration_seconds_count{command="task-create"}')).to.equal(1);
    expect(moved('switchboard_chat_messages_total{principal_kind="person"}')).to.equal(1);
    expect(moved('switchboard_artifacts_created_total')).to.equal(1);
    expect(moved('switchboard_artifact_bytes_total')).to.equal(8);
    expect(moved('switchboard_artifact_reads_total{how="download"}')).to.equal(1);
    expect(moved('switchboard_parcels_total')).to.equal(1);
    expect(moved('switchboard_parcel_delivery_seconds_count')).to.equal(1);
    expect(moved('switchboard_db_operation_duration_seconds_count{operation="insert",outcome="ok"}')).to.be.greaterThan(0);
    expect(sample(after, 'switchboard_connected_sockets')).to.be.at.least(2);
    expect(sample(after, 'switchboard_agents_online')).to.equal(1);
    expect(after.has('switchboard_mcp_sessions')).to.equal(true);
    expect(after.has('switchboard_nodejs_eventloop_lag_seconds')).to.equal(true);
    // Task codes, names and message text never become label values.
    expect(text).not.to.contain('T-M-SECRET');
    expect(text).not.to.contain('hello metrics');
    expect(text).not.to.contain('bot"');
  });

  it('counts agent INIT runs by outcome', async () => {
    const before = (await scrape()).samples;
    const token = await t.tokenFor('initbot', 'agent');
    const inits = (s: Map<string, number>) => sample(s, 'switchboard_agent_init_total{outcome="ok"}') + sample(s, 'switchboard_agent_init_total{outcome="failed"}');
    await t.connect(token);
    // INIT runs on its own once the agent's session opens; it is counted when it ends.
    await eventually(async () => inits((await scrape()).samples) === inits(before) + 1, { what: 'the INIT of @initbot is counted' });
    const after = (await scrape()).samples;
    expect(inits(after) - inits(before)).to.equal(1);
  });
});
