import { taskRoom, type RunFollowAck, type RunOutputChunk, type RunUpdatedEvent, type RunWire } from '../../protocol/index.js';
import { SwitchboardError, type SwitchboardClient } from './client.js';

export interface RunFollower {
  /** The run as it ended (resolves on `run:finished`, or at once for a run already over). */
  finished: Promise<RunWire>;
  /** The last output batch handed to the callback. */
  readonly seq: number;
  stop(): void;
}

const ENDED = ['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'];

/**
 * Follows a run's output from its start, whenever one starts following: the output stored so far
 * (paged), then live `run:output` batches, each handed to `onChunk` once and in order. Live
 * batches that arrive while the past is read wait; a gap (say, after a reconnect) is filled from
 * the store before going on.
 */
export async function followRun(client: SwitchboardClient, id: string, onChunk: (chunk: RunOutputChunk) => void): Promise<RunFollower> {
  let last = 0;
  let stopped = false;
  let ready = false;
  const waiting: RunOutputChunk[] = [];
  let fetching: Promise<void> = Promise.resolve();
  let settle!: (run: RunWire) => void;
  const finished = new Promise<RunWire>((resolve) => (settle = resolve));

  const deliver = (c: RunOutputChunk) => {
    if (stopped || c.seq <= last) return;
    if (c.seq > last + 1) return void catchUp();
    last = c.seq;
    onChunk(c);
  };
  const page = async (): Promise<{ run: RunWire; more: boolean }> => {
    const ack = (await client.socket.emitWithAck('run:follow', { run: id, after: last })) as RunFollowAck;
    if (!ack.ok) throw new SwitchboardError(ack.error as never);
    for (const c of ack.chunks) deliver(c);
    return { run: ack.run, more: ack.more };
  };
  const readAll = async () => {
    for (let i = 0; i < 100_000; i++) {
      const { run, more } = await page();
      if (!more) return run;
    }
    throw new Error('run output kept growing faster than it could be read');
  };
  const catchUp = () => (fetching = fetching.then(() => readAll().then(() => undefined)).catch(() => undefined));

  const onOutput = (c: RunOutputChunk) => {
    if (c.run !== id) return;
    if (!ready) waiting.push(c);
    else deliver(c);
  };
  const onFinished = (e: RunUpdatedEvent) => {
    if (e.run.id !== id) return;
    // Everything it printed was stored before it was reported finished: read up to the end.
    catchUp();
    void fetching.then(() => settle(e.run));
  };
  client.on('run:output', onOutput);
  client.on('run:finished', onFinished);

  const first = await readAll();
  await client.join(taskRoom(first.task));
  // Anything sent between the first read and joining the room is in the store.
  const now = await readAll();
  ready = true;
  for (const c of waiting.splice(0).sort((a, b) => a.seq - b.seq)) deliver(c);
  if (ENDED.includes(now.status)) settle(now);

  return {
    finished,
    get seq() {
      return last;
    },
    stop() {
      stopped = true;
      client.off('run:output', onOutput);
      client.off('run:finished', onFinished);
    },
  };
}
