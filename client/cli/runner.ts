import yargsParser from 'yargs-parser';
import { DEFAULT_RUNNER, Runner } from '../runner/runner.js';
import { Dispatcher } from '../runner/dispatcher.js';
import { parseDuration } from '../../server/commands/duration.js';
import type { CliOptions } from './options.js';

export const RUNNER_USAGE = `switchboard runner --hub URL --token TOKEN [--slots=2] [--workspaces=DIR] [--labels=linux,gpu]
    [--sandbox=bwrap|none] [--sandbox-uid=61000] [--cpu=600] [--memory=2g] [--processes=256] [--expose=DIR,...] [--keep-workspaces]
    [--agent=@name --agent-token=TOKEN --agent-command="..." [--agent-timeout=30m] [--breaker=3]]`;

const SIZE = /^(\d+)([kmg]?)$/i;
const bytes = (s: string) => {
  const m = SIZE.exec(s);
  if (!m) throw new Error(`"${s}" is not a size: use a number with k, m or g, like 512m`);
  return Number(m[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
};
const whole = (name: string, v: unknown, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} is a whole number from ${min} to ${max}`);
  return n;
};

/**
 * `switchboard runner ...`: runs until SIGINT/SIGTERM, then stops its runs (reported cancelled)
 * and exits. Needs an agent's token; the admin token of DATA_DIR is never used for it.
 */
export async function runRunner(words: string[], outer: CliOptions): Promise<number> {
  const a = yargsParser(words, { string: ['hub', 'token', 'workspaces', 'labels', 'sandbox', 'memory', 'expose', 'agent', 'agent-token', 'agent-command', 'agent-timeout'], boolean: ['keep-workspaces'], configuration: { 'camel-case-expansion': false } });
  if (a._.length) {
    console.error(`switchboard runner: unexpected ${a._.join(' ')}\nusage: ${RUNNER_USAGE}`);
    return 2;
  }
  // The admin token is refused by the hub (a runner is an agent), with a message saying so.
  const token = (a.token as string | undefined) ?? outer.token;
  if (!token) {
    console.error(`switchboard runner: give a runner's agent token (--token or SWITCHBOARD_TOKEN)\nusage: ${RUNNER_USAGE}`);
    return 2;
  }
  let runner: Runner;
  let dispatcher: Dispatcher | null = null;
  try {
    const sandbox = (a.sandbox as string | undefined) ?? 'bwrap';
    if (sandbox !== 'bwrap' && sandbox !== 'none') throw new Error('--sandbox is bwrap or none');
    runner = new Runner({
      ...DEFAULT_RUNNER,
      hub: ((a.hub as string | undefined) ?? outer.hub).replace(/\/+$/, ''),
      token,
      slots: a.slots === undefined ? DEFAULT_RUNNER.slots : whole('slots', a.slots, 1, 64),
      workspaces: (a.workspaces as string | undefined) ?? DEFAULT_RUNNER.workspaces,
      labels: a.labels ? String(a.labels).split(',').map((s) => s.trim()).filter(Boolean) : [],
      sandbox,
      sandboxUid: a['sandbox-uid'] === undefined ? DEFAULT_RUNNER.sandboxUid : whole('sandbox-uid', a['sandbox-uid'], 1000, 4_000_000),
      heartbeatMs: a['heartbeat-ms'] === undefined ? DEFAULT_RUNNER.heartbeatMs : whole('heartbeat-ms', a['heartbeat-ms'], 50, 60_000),
      limits: {
        cpuSeconds: a.cpu === undefined ? DEFAULT_RUNNER.limits.cpuSeconds : whole('cpu', a.cpu, 1, 86_400),
        memoryBytes: a.memory === undefined ? DEFAULT_RUNNER.limits.memoryBytes : bytes(String(a.memory)),
        processes: a.processes === undefined ? DEFAULT_RUNNER.limits.processes : whole('processes', a.processes, 1, 100_000),
        fileBytes: DEFAULT_RUNNER.limits.fileBytes,
      },
      keepWorkspaces: Boolean(a['keep-workspaces']),
      expose: a.expose ? String(a.expose).split(',').map((s) => s.trim()).filter(Boolean) : [],
      log: (line) => console.error(`switchboard runner: ${line}`),
    });
    await runner.start();
    if (a.agent !== undefined || a['agent-command'] !== undefined) {
      const agentToken = (a['agent-token'] as string | undefined) ?? process.env.SWITCHBOARD_AGENT_TOKEN;
      if (!a['agent-command'] || !agentToken) throw new Error('agent dispatch needs --agent-command="..." and the agent\'s token (--agent-token or SWITCHBOARD_AGENT_TOKEN)');
      const timeoutMs = a['agent-timeout'] === undefined ? 30 * 60_000 : parseDuration(String(a['agent-timeout']));
      if (!timeoutMs) throw new Error('--agent-timeout is a duration, like 30m');
      dispatcher = new Dispatcher(runner, {
        hub: ((a.hub as string | undefined) ?? outer.hub).replace(/\/+$/, ''),
        agentToken,
        command: String(a['agent-command']),
        timeoutMs,
        breaker: a.breaker === undefined ? 3 : whole('breaker', a.breaker, 1, 100),
        pollMs: 5000,
        log: (line) => console.error(`switchboard runner: ${line}`),
      });
      await dispatcher.start();
      if (a.agent && String(a.agent).replace(/^@/, '') !== dispatcher.name) throw new Error(`--agent=${a.agent} does not match the token, which is @${dispatcher.name}'s`);
    }
  } catch (err) {
    await dispatcher?.close();
    console.error(`switchboard runner: ${(err as Error).message}\nusage: ${RUNNER_USAGE}`);
    return 2;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dispatcher?.close();
  await runner.close();
  return 0;
}
