import type { SwitchboardClient } from '../../client/sdk/index.js';
import type { TestHub } from './hub.js';

/** Waits until an async `check` holds, or fails saying what it waited for. */
export async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The open chat session of a principal, as the hub recorded it (null when none). */
export async function currentSession(t: TestHub, name: string) {
  const p = await t.db.models.principals.findOne({ name }).lean();
  return p ? t.hub.services.sessions.current(String(p._id)) : null;
}

/** Closes a client and waits until the hub has ended the principal's session. */
export async function endSession(t: TestHub, client: SwitchboardClient): Promise<void> {
  const name = client.principal!.name;
  client.close();
  await until(`@${name}'s session ended`, async () => (await currentSession(t, name)) === null);
}
