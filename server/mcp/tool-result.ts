import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ChatSendAck, WireError } from '../../protocol/index.js';
import { describeWireError } from './port-errors.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A refused command: a result the model reads (isError), not a protocol error. */
export function toolError(error: WireError): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: describeWireError(error) }], structuredContent: { error: { ...error } } };
}

/**
 * The ack of a command as a tool result: its text for the model, its data as structured content
 * (structured content is an object, so other data is wrapped as `{ value }`).
 */
export function toolResult(ack: ChatSendAck): CallToolResult {
  if (!ack.ok) return toolError(ack.error);
  const result = ack.result;
  if (!result) return { content: [{ type: 'text', text: ack.message.text }] };
  const data = result.data;
  const structured = isPlainObject(data) ? data : data === undefined || data === null ? undefined : { value: data };
  return {
    ...(result.type === 'error' ? { isError: true } : {}),
    content: [{ type: 'text', text: result.text }],
    ...(structured ? { structuredContent: structured } : {}),
  };
}
