import { z } from 'zod';
import { AGENT_STATUSES } from '../../protocol/index.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'agents',
  summary: 'Every agent with its role, status (offline, online, busy, idle), current task, last seen, INIT status and, for runners, the runs they hold.',
  usage: '/agents [--status=online|offline|busy|idle]',
  args: z.object({
    status: z
      .enum(AGENT_STATUSES, { error: `status must be one of ${AGENT_STATUSES.join(', ')}` })
      .optional()
      .describe('Only agents with this status (online: connected and declared neither busy nor idle)'),
  }),
  readOnly: true,
  async handler(ctx, args) {
    const agents = await ctx.services.agents.list({ status: args.status });
    // Runners show their slots and the runs they hold.
    const runners = await ctx.services.runners.describe(agents.map((a) => a.name));
    const rows = agents.map((a) => ({ ...a, agent: `@${a.name}`, lastSeen: utcMinuteCell(a.lastSeenAt), runs: runners.get(a.name) ?? null }));
    const only = args.status ? ` (${args.status})` : '';
    return table(
      [['agent', 'Agent'], ['agentRole', 'Role'], ['status', 'Status'], ['currentTask', 'Current task'], ['lastSeen', 'Last seen (UTC)'], ['initStatus', 'INIT'], ['runs', 'Runs']],
      rows,
      `Agents${only}: ${rows.length}`,
      args.status ? `No agent is ${args.status}.` : 'No agents yet. Add one with /agent-register NAME or /token-create @name --kind=agent.',
    );
  },
});
