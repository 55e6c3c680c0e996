import {
  INIT_STEPS,
  agentRoom,
  type AgentInitEvent,
  type AgentInitEventOf,
  type ChatMessage,
  type CommandResult,
  type InitResult,
  type InitStatus,
  type InitStepName,
  type Parcel,
  type ResultOfLine,
} from '../../protocol/index.js';
import { SwitchboardClient, type ClientOptions } from './client.js';

export interface AgentBotOptions extends ClientOptions {
  /**
   * How long to wait for the INIT the hub runs when the agent's session opens before asking for
   * one with /init (there is none when another socket of the agent already holds the session).
   */
  initWaitMs?: number;
}

/** One completed INIT run, as the agent's inbox heard it. */
export interface InitOutcome {
  sessionId: string;
  status: InitStatus;
  /** The four step events, in order, each with its data. */
  steps: AgentInitEvent[];
  /** Task codes in the proposed order (in progress first, then by priority and age). */
  plan: string[];
  failedStep: InitStepName | null;
}

export type InitListener = (outcome: InitOutcome) => void | Promise<void>;
export type ParcelHandler = (parcel: Parcel) => void | Promise<void>;
export type ErrorListener = (err: Error, during: string) => void;

const outcomeOf = (steps: AgentInitEvent[]): InitOutcome => {
  const failed = steps.find((s) => s.status === 'failed');
  const planned = steps.find((s): s is AgentInitEventOf<'confirm_plan'> => s.name === 'confirm_plan')?.data;
  return {
    sessionId: steps[0]!.sessionId,
    status: failed ? 'failed' : 'awaiting_confirmation',
    steps,
    plan: planned?.plan.map((t) => t.code) ?? [],
    failedStep: failed?.name ?? null,
  };
};

/**
 * An agent bot on the hub: a SwitchboardClient that listens to its inbox (`agent:<name>`), follows
 * INIT (collects the `agent:init` steps, exposes the proposed plan, confirms it), hands parcels to
 * a handler one at a time and acknowledges each only once the handler succeeded (unacknowledged
 * parcels come again on the next connection), and runs commands. After a reconnect the client
 * replays missed room messages and the hub runs INIT again if the session was new.
 */
export class AgentBot {
  private readonly initListeners = new Set<InitListener>();
  private readonly errorListeners = new Set<ErrorListener>();
  /** Steps of the INIT run in progress. */
  private partial: AgentInitEvent[] = [];
  private latest: InitOutcome | null = null;
  private waiters: ((o: InitOutcome) => void)[] = [];
  private confirmed = false;
  private readyWaiters: (() => void)[] = [];
  private readonly parcelHandlers = new Set<ParcelHandler>();
  /** Parcels are handled one at a time, in the order they came. */
  private parcelQueue: Promise<void> = Promise.resolve();
  /** Ids queued or acknowledged: a parcel sent again (after a reconnect) is handled once. */
  private readonly parcelsSeen = new Set<string>();
  /** Parcels that came before any handler was registered: held, never acknowledged unhandled. */
  private held: Parcel[] = [];

  private constructor(readonly client: SwitchboardClient) {
    client.on('agent:init', (event) => this.collect(event));
    client.on('parcel:new', ({ parcel }) => this.enqueue(parcel));
  }

  /** Connects with an agent token, joins the inbox, and makes sure an INIT arrives (asking if need be). */
  static async connect(url: string, token: string, options: AgentBotOptions = {}): Promise<AgentBot> {
    const client = await SwitchboardClient.connect(url, token, options);
    // Attached right after hello: the hub's INIT needs several database round trips after hello
    // before its first step is sent, and /init below covers the case where none comes.
    const bot = new AgentBot(client);
    if (client.principal?.kind !== 'agent') {
      client.close();
      throw new Error(`AgentBot needs an agent token; this one is @${client.principal?.name} (${client.principal?.kind})`);
    }
    await client.join(bot.inbox);
    const waitMs = options.initWaitMs ?? 3000;
    const timer = setTimeout(() => {
      if (!bot.latest) void bot.runInit().catch((err: Error) => bot.fail(err, 'init'));
    }, waitMs);
    void bot.init().finally(() => clearTimeout(timer));
    return bot;
  }

  get name(): string {
    return this.client.principal!.name;
  }

  /** The agent's inbox room, where INIT, parcels and its own commands go. */
  get inbox(): string {
    return agentRoom(this.name);
  }

  /** True once the current session's plan was confirmed with no failed step. */
  get ready(): boolean {
    return this.confirmed;
  }

  /** Resolves once the plan of the current INIT is confirmed (at once if it already is). */
  whenReady(): Promise<void> {
    if (this.confirmed) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The latest completed INIT; waits for the first one after connecting. */
  init(): Promise<InitOutcome> {
    if (this.latest) return Promise.resolve(this.latest);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Called after every completed INIT: the first one and those of later sessions (after reconnects). */
  onInit(listener: InitListener): () => void {
    this.initListeners.add(listener);
    if (this.latest) void this.call(() => listener(this.latest!), 'init listener');
    return () => this.initListeners.delete(listener);
  }

  /** Runs INIT again now (/init); its steps reach `onInit` listeners as for any run. */
  async runInit(): Promise<InitOutcome> {
    const before = this.latest;
    const { data } = await this.command('/init');
    // The step events come before the command's answer; if they did not (this socket is not in
    // the inbox), the answer carries the same steps.
    if (this.latest === before) this.complete(data.events, true);
    return this.latest!;
  }

  /** Confirms the proposed plan, or `order` (the same tasks in another order); then the agent is ready. */
  async confirmPlan(order?: string[]): Promise<InitResult> {
    const result = await this.command(order ? `/init-confirm --order=${order.join(',')}` : '/init-confirm');
    this.confirmed = true;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    return result.data.result;
  }

  /**
   * Handles each parcel sent to the agent, one at a time; a parcel is acknowledged once every
   * handler returned, and left unacknowledged (the hub sends it again next time) if one threw.
   */
  onParcel(handler: ParcelHandler): () => void {
    this.parcelHandlers.add(handler);
    for (const parcel of this.held.splice(0)) this.enqueue(parcel);
    return () => this.parcelHandlers.delete(handler);
  }

  /** Errors of handlers and listeners, which are not thrown anywhere else. Logged to stderr if none. */
  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Every chat message of the rooms the bot joined, live or replayed after a reconnect, in order. */
  onMessage(listener: (m: ChatMessage) => void): () => void {
    this.client.on('chat:message', listener);
    const offMissed = this.client.onMissed(listener);
    return () => {
      this.client.off('chat:message', listener);
      offMissed();
    };
  }

  /** Runs a command (in the inbox unless a room is given) and returns its result, or throws SwitchboardError. */
  command<L extends string>(line: L, room: string = this.inbox): Promise<CommandResult<ResultOfLine<L>>> {
    return this.client.command(line, room);
  }

  /** Says something as plain chat in a room (joining it is not needed to speak). */
  async say(room: string, text: string): Promise<ChatMessage> {
    const ack = await this.client.send(room, text);
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    return ack.message;
  }

  join(room: string): Promise<ChatMessage[]> {
    return this.client.join(room);
  }

  close(): void {
    this.client.close();
  }

  private enqueue(parcel: Parcel): void {
    if (!this.parcelHandlers.size) {
      if (!this.held.some((p) => p.id === parcel.id)) this.held.push(parcel);
      return;
    }
    if (this.parcelsSeen.has(parcel.id)) return;
    this.parcelsSeen.add(parcel.id);
    this.parcelQueue = this.parcelQueue.then(async () => {
      let handled = true;
      for (const h of this.parcelHandlers) handled = (await this.call(() => h(parcel), 'parcel handler')) && handled;
      if (!handled) {
        this.parcelsSeen.delete(parcel.id);
        return;
      }
      const ack = await this.client.socket.emitWithAck('parcel:ack', { id: parcel.id }).catch((err: Error) => ({ ok: false as const, error: { code: 'unavailable', message: err.message } }));
      if (!ack.ok) {
        this.parcelsSeen.delete(parcel.id);
        this.fail(new Error(`parcel ${parcel.id} was handled but not acknowledged (${ack.error.code}: ${ack.error.message}); it will come again`), 'parcel ack');
      }
    });
  }

  private collect(event: AgentInitEvent): void {
    if (event.step === 1) {
      this.partial = [];
      this.confirmed = false; // a new run: ready again only after confirming its plan
    }
    this.partial.push(event);
    if (event.step === INIT_STEPS.length) this.complete(this.partial, true);
  }

  private complete(steps: AgentInitEvent[], notify: boolean): void {
    if (steps.length !== INIT_STEPS.length) return;
    this.latest = outcomeOf(steps);
    for (const resolve of this.waiters.splice(0)) resolve(this.latest);
    if (notify) for (const l of this.initListeners) void this.call(() => l(this.latest!), 'init listener');
  }

  private async call(work: () => void | Promise<void>, during: string): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)), during);
      return false;
    }
  }

  private fail(err: Error, during: string): void {
    if (!this.errorListeners.size) console.error(`agent bot (${during}): ${err.message}`);
    for (const l of this.errorListeners) l(err, during);
  }
}
