import type { PrincipalWithRole, RunWire } from '../protocol/index.js';
import type { AgentSession } from './services/sessions.js';
import type { HubSocket } from './hub/types.js';
import type { Bucket } from './services/rate-limits.js';

/**
 * What parts of the hub tell each other, by name, each with one payload type. Services raise
 * them without knowing who listens; the hub subscribes its transports when it is built.
 */
export interface HubHooks {
  /** Tokens were revoked: the connections opened with them are closed. */
  'token:revoked': { tokenIds: string[] };
  /** A run may be claimed now: runners are told, so they need not poll. */
  'run:queued': { run: RunWire };
  /** A principal's first socket connected and its session is open (agents' INIT runs here). */
  'session:started': { principal: PrincipalWithRole; session: AgentSession; socket: HubSocket };
  /** A socket connected and its principal's session is open (queued parcels are delivered here). */
  'socket:connected': { principal: PrincipalWithRole; socket: HubSocket };
  /** This hub wrote a task: hubs sharing the database forget their copies of it. */
  'task:written': { code: string };
  /** A request was refused by a rate limit, counted by interface. */
  'rate:refused': { bucket: Bucket };
}

export type HookHandler<P> = (payload: P) => void | Promise<void>;

/** Named hooks; `emit` runs the handlers one after another, in the order they were added. */
export class HookRegistry<H extends object> {
  private readonly handlers: { [K in keyof H]?: HookHandler<H[K]>[] } = {};

  on<K extends keyof H>(name: K, handler: HookHandler<H[K]>): void {
    (this.handlers[name] ??= []).push(handler);
  }

  async emit<K extends keyof H>(name: K, payload: H[K]): Promise<void> {
    for (const handler of this.handlers[name] ?? []) await handler(payload);
  }
}

export type Hooks = HookRegistry<HubHooks>;

export const createHooks = (): Hooks => new HookRegistry<HubHooks>();
