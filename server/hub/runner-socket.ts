import { RunClaimSchema, RunDispatchSchema, RunListSchema, RunFinishSchema, RunFollowSchema, RunHeartbeatSchema, RunOutputSchema, RunStartedSchema, RunnerHelloSchema } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import { runToWire } from '../services/runs/run-wire.js';
import type { Posting } from '../services/acting.js';
import type { Services } from '../services/index.js';
import type { ChatService } from '../chat/chat-service.js';
import { parsePayload } from './payload.js';
import type { Answer, HubSocket } from './types.js';

/** The hidden socket room of runners (not a room name anyone can type): told when a run is queued. */
export const RUNNER_SOCKETS = '~runners';

/**
 * The socket events of runs: `run:follow` for any reader of the task; the rest for agents that
 * said `runner:hello` on this socket. A runner acts as itself: its output and results are
 * broadcast and stored at once, like the hub's own notices.
 */
export function wireRunnerEvents(socket: HubSocket, services: Services, chat: ChatService, answer: Answer): void {
  const principal = socket.data.principal;
  const by: Posting = { principal, emit: chat.emitNow, post: (room, text, meta) => chat.postSystem(room, text, meta) };
  let runner = false;
  // A runner that reconnects may send what it buffered before its new hello is handled: an agent
  // registered as a runner (by an earlier hello) counts as one.
  const asRunner = async () => {
    if (!runner && !(principal.role === 'agent' && (await services.runners.isRunner(principal.name)))) {
      throw new HubError('forbidden', 'Only a runner may do this: connect with an agent token and send runner:hello first.');
    }
    return principal.name;
  };

  socket.on('run:follow', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const { run, after } = parsePayload(RunFollowSchema, p, 'run:follow');
      const doc = await services.runs.readable(principal, run);
      const page = await services.runners.follow(doc, after);
      return { ok: true as const, run: runToWire(doc), ...page };
    }),
  );

  // A task's runs, newest first, for views that show them (the web client's run panes).
  socket.on('runs:list', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const { task } = parsePayload(RunListSchema, p, 'runs:list');
      return { ok: true as const, runs: await services.runs.list(principal, { task }) };
    }),
  );

  socket.on('runner:hello', (payload, ack) =>
    answer(payload, ack, async (p) => {
      if (principal.role !== 'agent') throw new HubError('forbidden', 'A runner connects with an agent token (/token-create @name --kind=agent), not a person\'s.');
      const hello = parsePayload(RunnerHelloSchema, p, 'runner:hello');
      await services.runners.hello(principal.name, hello);
      runner = true;
      await socket.join(RUNNER_SOCKETS);
      return { ok: true as const };
    }),
  );

  socket.on('runner:claim', (payload, ack) =>
    answer(payload, ack, async (p) => {
      parsePayload(RunClaimSchema, p ?? {}, 'runner:claim');
      const claimed = await services.runners.claim(by, await asRunner());
      return { ok: true as const, run: claimed?.run ?? null, outputLimit: services.runners.outputLimit, inputs: claimed?.inputs ?? [] };
    }),
  );

  socket.on('runner:dispatch', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const input = parsePayload(RunDispatchSchema, p, 'runner:dispatch');
      const claimed = await services.runners.dispatch(by, await asRunner(), input);
      return { ok: true as const, ...claimed };
    }),
  );

  socket.on('runner:heartbeat', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const { runs } = parsePayload(RunHeartbeatSchema, p, 'runner:heartbeat');
      return { ok: true as const, cancel: await services.runners.heartbeat(await asRunner(), runs) };
    }),
  );

  socket.on('run:started', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const { run } = parsePayload(RunStartedSchema, p, 'run:started');
      await services.runners.started(by, await asRunner(), run);
      return { ok: true as const };
    }),
  );

  socket.on('run:output', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const batch = parsePayload(RunOutputSchema, p, 'run:output');
      await services.runners.output(by, await asRunner(), batch);
      return { ok: true as const };
    }),
  );

  socket.on('run:finish', (payload, ack) =>
    answer(payload, ack, async (p) => {
      const end = parsePayload(RunFinishSchema, p, 'run:finish');
      const run = await services.runners.finish(by, await asRunner(), end);
      return { ok: true as const, run };
    }),
  );

  socket.on('disconnect', () => {
    if (runner) void services.runners.offline(principal.name).catch(() => undefined);
  });
}
