import { performance } from 'node:perf_hooks';
import type { CommandResult } from '../../protocol/index.js';
import type { AnyCommand, CommandPrincipal } from '../commands/definition.js';
import type { CommandRouter } from '../commands/router.js';
import { splitCommand } from '../commands/parse-line.js';
import { toWireError } from '../errors.js';
import type { Services } from '../services/index.js';

/**
 * Runs a command and counts it, however it ends: the daily roll-up (commands per day, people vs
 * agents, failures) and the Prometheus counter and duration. A refused command counts under its
 * name when the router knows it, else as `unknown`, so labels stay few.
 */
export async function observeCommand(
  services: Services,
  router: CommandRouter,
  principal: CommandPrincipal,
  text: string,
  run: () => Promise<{ command: AnyCommand; result: CommandResult }>,
): Promise<{ command: AnyCommand; result: CommandResult }> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    return await run();
  } catch (err) {
    outcome = toWireError(err).code;
    throw err;
  } finally {
    const name = router.find(splitCommand(text)?.name ?? '')?.name ?? 'unknown';
    services.metrics.commandRan(name, principal, outcome, (performance.now() - started) / 1000);
    await services.activity.daily.commandRan(principal, outcome === 'ok');
  }
}
