import { expect } from 'chai';
import { SwitchboardHttp } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { logQueries } from '../support/query-log.js';
import { eventually } from '../support/wait.js';

/**
 * What opening a socket asks of the database, counted at the driver: its principal is read once
 * (online or not, and its latest session) and written once (online, with the new session), and a
 * token the hub found valid a moment ago is not read at all.
 */
describe('a connection reads and writes its principal once', () => {
  const t = withTestHub();

  it('opens a session with one read and one write of the principal, and links it to the one before', async () => {
    const token = await t.tokenFor('cora', 'person');
    // The token is found valid (and kept) by a request first.
    expect((await new SwitchboardHttp(t.url, token).send('/help')).ok).to.equal(true);
    const sessions = async () => t.db.models.sessions.find({ name: 'cora' }).sort({ startedAt: 1 }).lean();
    const connect = async () => {
      const log = logQueries(t.db);
      const client = await t.connect(token);
      log.stop();
      return { client, queries: log.queries.filter((q) => q.collection === 'principals' || q.collection === 'tokens').map((q) => `${q.collection}.${q.command}`) };
    };

    const first = await connect();
    expect(first.queries.sort()).to.deep.equal(['principals.find', 'principals.update']);
    const cora = (await t.db.models.principals.findOne({ name: 'cora' }).lean())!;
    const [opened] = await sessions();
    expect(cora.online).to.equal(true);
    expect(String(cora.lastSessionId)).to.equal(String(opened!._id));

    // Closing ends the session; the next connection's session follows it.
    first.client.close();
    await eventually(async () => (await sessions())[0]!.endedAt !== null, { what: 'the first session ended' });
    const second = await connect();
    const [ended, reopened] = await sessions();
    expect(ended!.endedAt).to.not.equal(null);
    expect(String(reopened!.previousId)).to.equal(String(ended!._id));
    second.client.close();
  });
});
