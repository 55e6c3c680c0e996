import type { WireError } from '../../protocol/index.js';
import { SwitchboardHttp, type SwitchboardClient } from '../../client/sdk/index.js';

/** Sends `line` as a user would (socket or HTTP) and returns the hub's refusal; fails the test if it was accepted. */
export async function refusal(client: SwitchboardClient | SwitchboardHttp, line: string, room = 'lobby'): Promise<WireError> {
  const ack = client instanceof SwitchboardHttp ? await client.send(line, room) : await client.send(room, line);
  if (ack.ok) throw new Error(`${line} was accepted`);
  return ack.error;
}
