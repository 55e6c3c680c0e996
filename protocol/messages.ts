import { z } from 'zod';
import { PrincipalRefSchema } from './entities.js';
import { CommandResultSchema } from './result.js';

/**
 * A stored chat message. `seq` increases by room (gaps are possible, order is not broken), so
 * a client that knows the last `seq` it saw can ask for everything after it.
 * - `chat`: plain text from a principal
 * - `command`: a slash command as typed
 * - `result`: a command's result, replying to the `command` message it answers
 * - `system`: something the hub says by itself
 */
export const MESSAGE_KINDS = ['chat', 'command', 'result', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const ChatMessageSchema = z.object({
  id: z.string(),
  room: z.string(),
  seq: z.number().int(),
  kind: z.enum(MESSAGE_KINDS),
  sender: PrincipalRefSchema,
  text: z.string(),
  clientId: z.string().nullable(),
  /** For a `result`: the id of the command message it answers. */
  replyTo: z.string().nullable(),
  result: CommandResultSchema.nullable(),
  /** Machine-readable extras of hub messages, e.g. `{ artifact: 'sb://...' }`. Values, never user-chosen keys. */
  meta: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
