import { expect } from 'chai';
import { SwitchboardClient, SwitchboardHttp } from '../../client/sdk/index.js';
import { TOKEN_COPY_MAX_AGE_MS } from '../../server/services/known-tokens.js';
import { ManualClock } from '../support/clock.js';
import { withTestHub } from '../support/hub.js';
import { logQueries } from '../support/query-log.js';

/**
 * A token this hub found valid opens requests and connections for a minute without reading the
 * token or its principal; a revocation shuts it out at once. Counted at the database driver.
 */
describe('a token found valid is not read again for a minute, and a revoked one is refused at once', () => {
  const clock = new ManualClock();
  const t = withTestHub({ clock });

  /** The lookups of a token by its hash while `work` runs. */
  const tokenReads = async (work: () => Promise<unknown>) => {
    const log = logQueries(t.db);
    try {
      await work();
    } finally {
      log.stop();
    }
    return log.queries.filter((q) => q.collection === 'tokens' && q.command === 'find' && 'hash' in q.filter).length;
  };

  it('reads a token once a minute at most, over HTTP and sockets alike, and still records when it was last used', async () => {
    const token = await t.tokenFor('kit', 'person');
    const http = new SwitchboardHttp(t.url, token);
    const ok = async () => expect((await http.send('/help')).ok).to.equal(true);
    expect(await tokenReads(ok), 'the first request').to.equal(1);
    expect(await tokenReads(ok), 'a request a moment later').to.equal(0);
    let socket: SwitchboardClient | null = null;
    expect(await tokenReads(async () => (socket = await t.connect(token))), 'a connection with it').to.equal(0);
    socket!.close();
    clock.advance(TOKEN_COPY_MAX_AGE_MS);
    expect(await tokenReads(ok), 'a minute later').to.equal(1);
    expect(await tokenReads(ok)).to.equal(0);
    const admin = await t.connect();
    const rows = (await admin.command('/tokens @kit')).data.rows;
    expect(rows).to.have.length(1);
    expect(rows[0]!.lastUsed).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('refuses a revoked token at once, though it was found valid a moment before', async () => {
    const token = await t.tokenFor('rex', 'agent');
    const http = new SwitchboardHttp(t.url, token);
    expect((await http.send('/help')).ok).to.equal(true);
    const held = await t.connect(token);
    const admin = await t.connect();
    expect((await admin.command('/token-revoke @rex --all')).text).to.equal('🔒 Revoked 1 token of @rex');
    const refused = await http.send('/help');
    expect(refused.ok).to.equal(false);
    if (!refused.ok) expect(refused.error.code).to.equal('unauthorized');
    const again = await SwitchboardClient.connect(t.url, token, { socket: { reconnection: false } }).then(
      () => 'connected',
      (err: Error) => err.message,
    );
    expect(again).to.equal('unauthorized');
    held.close();
  });
});
