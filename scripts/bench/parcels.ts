import { performance } from 'node:perf_hooks';
import { SwitchboardClient } from '../../client/sdk/index.js';
import type { Parcel } from '../../protocol/index.js';
import { StepTimings } from './load.js';
import { benchClientOptions, taskRoomOf, type BenchHub } from './setup.js';

export const agentName = (i: number) => `bench-agent-${i}`;

export const PARCEL_STEPS = {
  delivered: 'send -> parcel:new at the agent',
  command: 'send -> /message-send ack',
  acked: 'parcel:new -> parcel:ack answered',
} as const;

const BODY = 'Please look at the failing build on the bench branch and report back what you find; no hurry.';

interface Waiter {
  sentAt: number;
  agent: string;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Person-to-agent parcels over the full path: member `i` runs `/message-send @bench-agent-i`
 * in its task room, and agent `i`, a real SDK client with an agent token the admin issued in
 * `agent:admin`, gets `parcel:new` in its inbox and acknowledges it at once, as an agent does.
 * An operation is answered when both the command's ack and the parcel's ack are; the steps
 * inside it are timed apart, matched by a subject unique to each send.
 */
export class ParcelTraffic {
  readonly timings = new StepTimings(Object.values(PARCEL_STEPS));
  private agents: SwitchboardClient[] = [];
  private readonly waiting = new Map<string, Waiter>();
  private seq = 0;
  /** Parcels that arrived with nobody waiting (left over from a send that timed out), acknowledged anyway. */
  strays = 0;

  constructor(
    private readonly bench: BenchHub,
    private readonly timeoutMs: number,
  ) {}

  /** One agent per member, issued by the admin and connected (auto-joined to its inbox). */
  async connect(count: number): Promise<void> {
    if (this.agents.length) return;
    const options = benchClientOptions(this.timeoutMs);
    const admin = await SwitchboardClient.connect(this.bench.hub.url, this.bench.adminToken, options);
    try {
      for (let i = 0; i < count; i++) {
        const issued = await admin.command(`/token-create @${agentName(i)} --kind=agent`, 'agent:admin');
        const agent = await SwitchboardClient.connect(this.bench.hub.url, issued.data.token, options);
        this.agents.push(agent);
        agent.on('parcel:new', ({ parcel }) => this.arrived(agent, parcel));
      }
    } finally {
      admin.close();
    }
  }

  close(): void {
    for (const a of this.agents) a.close();
    this.agents = [];
    for (const w of this.waiting.values()) w.reject(new Error('the agents were closed'));
    this.waiting.clear();
  }

  private arrived(agent: SwitchboardClient, parcel: Parcel): void {
    const at = performance.now();
    const acked = agent.socket.emitWithAck('parcel:ack', { id: parcel.id });
    const waiter = this.waiting.get(parcel.subject);
    if (!waiter) {
      this.strays++;
      acked.catch(() => undefined);
      return;
    }
    this.waiting.delete(parcel.subject);
    if (parcel.to !== waiter.agent || agent.principal?.name !== waiter.agent) {
      waiter.reject(new Error(`"${parcel.subject}" for @${waiter.agent} reached @${agent.principal?.name} addressed to @${parcel.to}`));
      acked.catch(() => undefined);
      return;
    }
    this.timings.add(PARCEL_STEPS.delivered, at - waiter.sentAt);
    acked.then(
      (ack) => {
        if (!ack.ok) return waiter.reject(new Error(`parcel:ack: ${ack.error.code}: ${ack.error.message}`));
        if (ack.status !== 'delivered') return waiter.reject(new Error(`parcel:ack left the parcel ${ack.status}, not delivered`));
        this.timings.add(PARCEL_STEPS.acked, performance.now() - at);
        waiter.resolve();
      },
      (err: Error) => waiter.reject(err),
    );
  }

  /** One parcel from member `worker` to agent `worker`: resolves when the command and the parcel are both acknowledged. */
  async send(worker: number): Promise<void> {
    const subject = `bench parcel ${++this.seq}`;
    const to = agentName(worker);
    const sentAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const delivered = new Promise<void>((resolve, reject) => {
      this.waiting.set(subject, { sentAt, agent: to, resolve, reject });
      timer = setTimeout(() => reject(new Error(`no parcel:new for "${subject}" within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    delivered.catch(() => undefined); // awaited below; a failed send must not leave it unhandled
    try {
      const ack = await this.bench.clients[worker]!.send(taskRoomOf(worker), `/message-send @${to} "${subject}" "${BODY}"`);
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      this.timings.add(PARCEL_STEPS.command, performance.now() - sentAt);
      await delivered;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(subject);
    }
  }
}
