import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { TestHub } from './hub.js';
import { eventually } from './wait.js';

/** The open chat session of a principal, as the hub recorded it (null when none). */
export async function currentSession(t: TestHub, name: string) {
  const p = await t.db.models.principals.findOne({ name }).lean();
  return p ? t.hub.services.sessions.current(String(p._id)) : null;
}

/** Closes a client and waits until the hub has ended the principal's session. */
export async function endSession(t: TestHub, client: SwitchboardClient): Promise<void> {
  const name = client.principal!.name;
  client.close();
  await eventually(async () => (await currentSession(t, name)) === null, { what: `@${name}'s session ended` });
}
