import type { LoadProfileData } from '../../../protocol/index.js';
import type { AgentDoc } from '../../db/models/agent.js';
import { isDuplicateKey } from '../mongo-errors.js';
import type { StepInput, StepOutcome } from './step.js';

/**
 * Step 2: the agent's registry entry. An agent that was never registered gets a default entry
 * rather than a failed INIT: a token is enough to start working, /agent-register describes it.
 */
export async function loadProfile({ deps, agent }: StepInput): Promise<StepOutcome<LoadProfileData>> {
  let doc: AgentDoc | null = await deps.models.agents.findOne({ name: agent.name }).lean();
  let created = false;
  if (!doc) {
    try {
      doc = (await deps.models.agents.create({ name: agent.name })).toObject();
      created = true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      doc = await deps.models.agents.findOne({ name: agent.name }).lean(); // registered meanwhile
    }
  }
  if (!doc) throw new Error(`the registry entry of @${agent.name} vanished while it was read`);
  const data = { name: doc.name, agentRole: doc.agentRole, capabilities: doc.capabilities, profile: doc.profile, created };
  const described = `${data.agentRole}${data.capabilities.length ? `, can ${data.capabilities.join(', ')}` : ''}${data.profile ? `: ${data.profile}` : ''}`;
  return {
    status: 'ok',
    detail: created ? `@${agent.name} was not in the registry: added as ${described}. Describe yourself with /agent-register.` : `@${agent.name} is ${described}.`,
    data,
  };
}
