import { LOBBY, type Agent, type AgentStatus, type PrincipalRef } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import type { PrincipalDoc } from '../db/models/principal.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import { agentViews } from './agent-view.js';
import { isDuplicateKey } from './mongo-errors.js';

/** What /agent-register may set; absent fields keep their value (or the default on a new entry). */
export interface AgentProfileInput {
  agentRole?: string;
  capabilities?: string[];
  profile?: string;
}

const AGENT_FIELDS = { _id: 1, name: 1, kind: 1, online: 1, lastSeenAt: 1, lastSessionId: 1 } as const;

/**
 * The agent registry: what each agent does (role, capabilities, profile) and what it says it is
 * doing (busy or idle, on which task). Entries are keyed by the agent principal's name.
 */
export class AgentRegistry {
  constructor(
    private readonly models: Models,
    private readonly activity: ActivityService,
  ) {}

  /** Every agent principal, registered or not, by name; optionally only those with one status. */
  async list(filter: { status?: AgentStatus } = {}): Promise<Agent[]> {
    const principals = await this.models.principals.find({ kind: 'agent' }, AGENT_FIELDS).sort({ name: 1 }).limit(1000).lean();
    const agents = await agentViews(this.models, principals);
    return filter.status ? agents.filter((a) => a.status === filter.status) : agents;
  }

  async detail(name: string): Promise<Agent> {
    const principal = await this.models.principals.findOne({ name }, AGENT_FIELDS).lean();
    if (!principal) throw new HubError('not_found', `There is no agent @${name}; /agents lists them.`);
    if (principal.kind !== 'agent') throw new HubError('not_found', `@${name} is a person, not an agent; /agents lists the agents.`);
    return (await agentViews(this.models, [principal]))[0]!;
  }

  /** Creates or updates the entry of `name`, making the agent principal first when there is none. */
  async register(by: Acting, name: string, input: AgentProfileInput): Promise<{ agent: Agent; created: boolean }> {
    await this.agentPrincipal(name);
    const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const created = await this.write(name, set);
    const agent = await this.detail(name);
    const described = `${agent.agentRole}${agent.capabilities.length ? `, can ${agent.capabilities.join(', ')}` : ''}`;
    await this.activity.record(by, created ? 'agent.registered' : 'agent.updated', `${created ? 'registered' : 'updated'} agent @${name} (${described})`);
    return { agent, created };
  }

  /**
   * An agent says it is busy or idle, and on what (a task the caller checked it may use). Going
   * idle without a task forgets the declared one (the in-progress fallback still shows).
   */
  async declare(by: Acting, status: 'busy' | 'idle', task?: string): Promise<Agent> {
    const me: PrincipalRef = { id: by.principal.id, name: by.principal.name, kind: by.principal.kind };
    const set: Record<string, unknown> = { declaredStatus: status };
    if (task) set.currentTask = task;
    else if (status === 'idle') set.currentTask = null;
    await this.write(me.name, set);
    const agent = await this.detail(me.name);
    by.emit(LOBBY, 'presence', { principal: me, status: agent.status });
    return agent;
  }

  /** The principal `name` as an agent: created (kind and role agent) when missing, refused when a person. */
  private async agentPrincipal(name: string): Promise<void> {
    let principal: Pick<PrincipalDoc, 'kind'> | null = await this.models.principals.findOne({ name }, { kind: 1 }).lean();
    if (!principal) {
      try {
        principal = (await this.models.principals.create({ name, kind: 'agent', role: 'agent' })).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        principal = await this.models.principals.findOne({ name }, { kind: 1 }).lean(); // made meanwhile
        if (!principal) throw err;
      }
    }
    if (principal.kind !== 'agent') {
      throw new HubError('conflict', `@${name} is a person, not an agent; only agents have a registry entry.`);
    }
  }

  /**
   * One write, true when it made the entry: a full insert (schema defaults for the rest) when the
   * entry is missing, else one $set. Not an upsert: FerretDB v1 drops nulls and empty arrays from
   * the defaults an upsert inserts, which would leave entries without `capabilities` or `currentTask`.
   */
  private async write(name: string, set: Record<string, unknown>): Promise<boolean> {
    if (!(await this.models.agents.exists({ name }))) {
      try {
        await this.models.agents.create({ ...set, name });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // made meanwhile (INIT's load_profile or another write): update it
      }
    }
    await this.models.agents.updateOne({ name }, { $set: set });
    return false;
  }
}
