// The low-level Server, not McpServer: McpServer wants zod shapes per tool and validates with
// them, but our tools come from the registry at run time with JSON Schemas (the zod schemas carry
// transforms), and the hub validates arguments itself, as for any chat command.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { HubCalls } from './hub-calls.js';
import type { HubPort } from './hub-port.js';
import { parcelNotice } from './parcel-notices.js';
import { Prompts } from './prompts.js';
import { RESOURCE_TEMPLATES } from './resource-uris.js';
import { Resources } from './resources.js';
import { Subscriptions } from './subscriptions.js';
import { Tools, type ToolsOptions } from './tools.js';
import { log } from '../logger.js';

export const MCP_SERVER_INFO = { name: 'switchboard', title: 'Switchboard', version: '0.1.0' };

const INSTRUCTIONS = `Switchboard is the hub where people and agents run sprints, tasks and artifacts through chat commands.
Each tool is one chat command (task_note is /task-note); the switchboard tool runs any other command line ("/help" lists them). A call is posted as you in the task's room or your inbox, so people see what you do.
A refused call is a tool error with a code such as [forbidden] and the usage. Start with init, then init_confirm with start; call messages_check when told a parcel arrived.`;

export interface McpSession {
  server: Server;
  /** Stops listening to the hub and closes the server (the port belongs to the session). */
  close(): Promise<void>;
}

/** One MCP server over one hub port: tools, resources, subscriptions, prompts and parcel notices. */
export async function createMcpSession(port: HubPort, options: ToolsOptions = {}): Promise<McpSession> {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: {}, resources: { subscribe: true }, prompts: {}, logging: {} },
    instructions: INSTRUCTIONS,
  });
  const hub = new HubCalls(port);
  const tools = new Tools(hub, options);
  const resources = new Resources(hub);
  const prompts = new Prompts(hub);
  const subscriptions = new Subscriptions(port, (uri) => void server.sendResourceUpdated({ uri }).catch(() => undefined));

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await tools.list() }));
  server.setRequestHandler(CallToolRequestSchema, (req) => tools.call(req.params.name, req.params.arguments ?? {}));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await resources.list() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => ({ contents: await resources.read(req.params.uri) }));
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    await subscriptions.subscribe(req.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    await subscriptions.unsubscribe(req.params.uri);
    return {};
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: prompts.list() }));
  server.setRequestHandler(GetPromptRequestSchema, (req) => prompts.get(req.params.name));

  // A notice that cannot go out (no client yet, or gone) is dropped: the parcel waits for messages_check.
  const stopParcels = await port
    .onParcel((parcel) => {
      void server.sendLoggingMessage(parcelNotice(parcel), server.transport?.sessionId).catch(() => undefined);
    })
    .catch((err: unknown) => {
      // Tools and resources work without the notices; messages_check still shows every parcel.
      log.error({ event: 'mcp_parcel_notices_failed' }, (err as Error).message);
      return () => undefined;
    });

  let closed: Promise<void> | null = null;
  return {
    server,
    close() {
      closed ??= (async () => {
        stopParcels();
        await subscriptions.close();
        await port.close();
        await server.close();
      })();
      return closed;
    },
  };
}
