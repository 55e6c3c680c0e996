import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ChatSendAck, WireError } from '../../protocol/index.js';
import { describeWireError } from './port-errors.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A refused command: a result the model reads (isError), not a protocol error. */
export function toolError(error: WireError): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: describeWireError(error) }], structuredContent: { error: { ...error } } };
}

/** Longest text a tool result carries: every character of it lands in the model's context. */
export const TOOL_TEXT_CHARS = 2000;

/** The text cut to TOOL_TEXT_CHARS, saying where the rest is. */
function shortText(text: string, structured: boolean): string {
  if (text.length <= TOOL_TEXT_CHARS) return text;
  const rest = text.length - TOOL_TEXT_CHARS;
  return `${text.slice(0, TOOL_TEXT_CHARS)}\n… (${rest} more characters${structured ? '; the whole result is in structuredContent' : ''})`;
}

/**
 * The ack of a command as a tool result: its text, kept short unless `whole`, for the model; its
 * data whole as structured content (an object, so other data is wrapped as `{ value }`).
 */
export function toolResult(ack: ChatSendAck, options: { whole?: boolean } = {}): CallToolResult {
  if (!ack.ok) return toolError(ack.error);
  const result = ack.result;
  if (!result) return { content: [{ type: 'text', text: ack.message.text }] };
  const data = result.data;
  const structured = isPlainObject(data) ? data : data === undefined || data === null ? undefined : { value: data };
  return {
    ...(result.type === 'error' ? { isError: true } : {}),
    content: [{ type: 'text', text: options.whole ? result.text : shortText(result.text, Boolean(structured)) }],
    ...(structured ? { structuredContent: structured } : {}),
  };
}
