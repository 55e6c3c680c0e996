import { ErrorCode, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { quickReferenceFromCatalog } from '../commands/reference.js';
import type { HubCalls } from './hub-calls.js';
import { toolName } from './tool-catalog.js';

const PROMPTS: Prompt[] = [
  {
    name: 'init',
    title: 'Start a session: Switchboard INIT',
    description: 'Runs the agent INIT (resume memory, load profile, health check, propose a plan) and returns the plan to confirm.',
  },
  {
    name: 'quick-reference',
    title: 'Switchboard quick reference',
    description: 'Every command you may run, with usage and options; each is also a tool of the same name in snake_case.',
  },
];

const user = (text: string): GetPromptResult['messages'][number] => ({ role: 'user', content: { type: 'text', text } });

/** prompts/list and prompts/get. */
export class Prompts {
  constructor(private readonly hub: HubCalls) {}

  list(): Prompt[] {
    return PROMPTS;
  }

  async get(name: string): Promise<GetPromptResult> {
    if (name === 'init') return this.init();
    if (name === 'quick-reference') return this.quickReference();
    throw new McpError(ErrorCode.InvalidParams, `There is no prompt "${name}"; there are ${PROMPTS.map((p) => p.name).join(' and ')}.`);
  }

  /** Runs /init in the caller's inbox, where people watching the agent see it start. */
  private async init(): Promise<GetPromptResult> {
    if (!(await this.hub.has('init'))) throw new McpError(ErrorCode.InvalidRequest, 'This hub has no /init for you: INIT is for agents, on hubs that have it.');
    const result = await this.hub.inInbox('/init');
    const confirm = (await this.hub.has('init-confirm'))
      ? `If the plan is right, confirm it with the ${toolName('init-confirm')} tool with start: true, which also starts the first task (or give another order first).`
      : 'Work through the plan in order.';
    return {
      description: 'Switchboard INIT and the plan to confirm',
      messages: [user(`Switchboard ran your INIT:\n\n${result.text}\n\n${confirm}`)],
    };
  }

  private async quickReference(): Promise<GetPromptResult> {
    const reference = quickReferenceFromCatalog(await this.hub.commands());
    const how = 'Through MCP, each /command is a tool named in snake_case (/task-note is task_note) taking the same options as arguments.';
    return { description: 'Switchboard quick reference', messages: [user(`${how}\n\n${reference}`)] };
  }
}
