import { z } from 'zod';
import { AGENT_RUN_POLICIES } from '../../protocol/index.js';

/** `--review=required|off` (and `sprint` for a task: follow its sprint). */
export const reviewSetting = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `review must be one of ${values.join(', ')}${iss.input === undefined ? '' : ` (got "${String(iss.input)}")`}` });

export const reviewFlag = (v: string): boolean | null => (v === 'required' ? true : v === 'off' ? false : null);

/** `--agent-runs=allow|approve|deny`: whether agents' /run waits for a person (task and sprint policies). */
export const agentRunsSetting = () => z.enum(AGENT_RUN_POLICIES, { error: 'agent-runs must be allow, approve or deny' }).optional();
