import { z } from 'zod';
import type { WireError } from './errors.js';
import { Limits } from './limits.js';
import { RoomNameSchema } from './rooms.js';

/** The hub's HTTP routes, in one table: the server mounts them; the SDK, the CLI, MCP and the web client call them. */
export const HttpRoutes = {
  health: '/healthz',
  metrics: '/metrics',
  mcp: '/mcp',
  commands: '/api/commands',
  blobs: '/api/blobs',
  artifacts: '/api/artifacts',
  docsImport: '/api/docs-import',
  orchestration: '/api/orchestration',
  analytics: '/api/analytics',
  inbox: '/api/inbox',
  readMarks: '/api/read-marks',
} as const;

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

/**
 * The hub's refusal in an HTTP answer that is not ok: the `{ error }` body every route sends, or
 * a sentence naming the status (and the path, when given) where a proxy or a crash sent none.
 */
export async function httpRefusal(res: Response, path?: string): Promise<WireError> {
  const body = (await res.json().catch(() => null)) as { error?: WireError } | null;
  return body?.error ?? { code: res.status === 404 ? 'not_found' : 'internal', message: `The hub answered HTTP ${res.status}${path ? ` for ${path}` : ''}.` };
}
