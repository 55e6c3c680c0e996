import { performance } from 'node:perf_hooks';
import type { ChatSendAck, RoomName, PrincipalWithRole } from '../../protocol/index.js';
import type { CommandRouter } from '../commands/router.js';
import { splitCommand } from '../commands/parse-line.js';
import { HubError } from '../errors.js';
import { log } from '../logger.js';
import type { Services } from '../services/index.js';

/**
 * Runs a command and accounts for it, however it ends: the daily roll-up (commands per day,
 * people vs agents, failures), the Prometheus counter and duration, and one log line tying it
 * to its stored message (or, refused and so not stored, to the sender's client id). A command
 * the router does not know counts as `unknown`, so labels stay few; its arguments are never logged.
 */
export async function observeCommand(
  services: Services,
  router: CommandRouter,
  sent: { principal: PrincipalWithRole; room: RoomName; text: string; clientId?: string },
  run: () => Promise<ChatSendAck>,
): Promise<ChatSendAck> {
  const started = performance.now();
  const command = router.find(splitCommand(sent.text)?.name ?? '')?.name ?? 'unknown';
  let outcome = 'ok';
  let messageId: string | undefined;
  try {
    const ack = await run();
    if (ack.ok) messageId = ack.message.id;
    else outcome = ack.error.code;
    return ack;
  } catch (err) {
    // The sender's catch logs an unexpected error; naming its code here is enough.
    outcome = err instanceof HubError ? err.code : 'internal';
    throw err;
  } finally {
    const ms = performance.now() - started;
    const { principal } = sent;
    services.metrics.commandRan(command, principal, outcome, ms / 1000);
    log.info({ event: 'command', command, outcome, ms: Math.round(ms), principal: principal.name, kind: principal.kind, room: sent.room, messageId, clientId: sent.clientId });
    // Counting must never turn an answered command into a failed one.
    await services.activity.daily.commandRan(principal, outcome === 'ok').catch((err: Error) => log.error({ event: 'daily_stats_failed' }, err.message));
  }
}
