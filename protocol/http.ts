import { z } from 'zod';
import { Limits } from './limits.js';
import { RoomNameSchema } from './rooms.js';

/** `POST /api/commands` body; the answer has the same shape as the `chat:send` ack. */
export const CommandRequestSchema = z.object({
  line: z.string().min(1).max(Limits.messageBytes),
  room: RoomNameSchema.optional(),
  clientId: z.string().min(1).max(Limits.clientIdChars).optional(),
});

/** `GET /healthz` */
export interface HealthResponse {
  ok: boolean;
  db: 'up' | 'down';
  /** When down: why, in a sentence (e.g. the embedded database is being restarted). */
  reason?: string;
}
