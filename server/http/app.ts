import express, { type NextFunction, type Request, type Response } from 'express';
import { CommandRequestSchema, HttpRoutes, Limits, agentRoom, type HealthResponse } from '../../protocol/index.js';
import { catalogFor } from '../commands/catalog.js';
import type { AnyCommand } from '../commands/definition.js';
import type { Database } from '../db/connect.js';
import { HubError, toWireError } from '../errors.js';
import type { ChatService } from '../chat/chat-service.js';
import { parsePayload } from '../hub/payload.js';
import type { Services } from '../services/index.js';
import { analyticsRoutes } from './analytics.js';
import { artifactDownloadRoutes } from './artifacts-download.js';
import { artifactUploadRoutes } from './artifacts-upload.js';
import { bearerAuth } from './bearer.js';
import { docsImportRoutes } from './docs-import.js';
import { orchestrationRoutes } from './orchestration.js';
import { metricsRoute } from './metrics.js';
import { requestLog } from './request-log.js';
import { HTTP_STATUS } from './status-codes.js';
import { webClientRoutes } from './web-client.js';
import { inboxRoutes } from './inbox.js';
import { readMarkRoutes } from './read-marks.js';

/** Longest a health probe waits for the database's ping. */
const HEALTH_DEADLINE_MS = 2000;

/** `mcp`: the MCP endpoint (server/mcp), mounted at /mcp before the web client claims other paths. */
export function createHttpApp(
  db: Database,
  services: Services,
  chat: ChatService,
  commands: readonly AnyCommand[],
  mcp?: express.Router,
  /** GET /metrics on this port wants it; unset, metrics are not served here. */
  metricsToken?: string | null,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog());

  app.get(HttpRoutes.metrics, metricsRoute(services.metrics, metricsToken));

  app.get(HttpRoutes.health, async (_req, res) => {
    // Quicker than a request's deadline: a load balancer's probe must not hang on a stalled database.
    const { up, reason } = await db.check(Math.min(services.deadlineMs, HEALTH_DEADLINE_MS));
    const body: HealthResponse = up ? { ok: true, db: 'up' } : { ok: false, db: 'down', reason: reason ?? 'The database is down.' };
    res.status(up ? 200 : 503).json(body);
  });

  // What the caller may run, with JSON Schemas: autocomplete, MCP over stdio, the CLI.
  app.get(HttpRoutes.commands, bearerAuth(services), (req, res) => {
    res.json({ ok: true, commands: catalogFor(commands, req.principal!.role) });
  });

  // The same path as a chat command: stored in the room, broadcast, answered like the ack.
  app.post(HttpRoutes.commands, bearerAuth(services), express.json({ limit: '64kb' }), async (req, res) => {
    try {
      // Too long is too_large (413), as over the socket, not a malformed body.
      const line: unknown = (req.body as { line?: unknown } | undefined)?.line;
      if (typeof line === 'string' && Buffer.byteLength(line, 'utf8') > Limits.messageBytes) {
        throw new HubError('too_large', `A command holds at most ${Limits.messageBytes} bytes; put long material in an artifact.`);
      }
      const body = parsePayload(CommandRequestSchema, req.body, 'command request');
      if (!body.line.trimStart().startsWith('/')) throw new HubError('bad_request', 'A command line starts with /, like /help.');
      // No room: the caller's own inbox, so a private line is not typed before the whole lobby.
      const ack = await chat.send(req.principal!, { room: body.room ?? agentRoom(req.principal!.name), text: body.line.trim(), clientId: body.clientId });
      res.status(ack.ok ? 200 : HTTP_STATUS[ack.error.code]).json(ack);
    } catch (err) {
      const error = toWireError(err);
      res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
    }
  });

  app.use(artifactUploadRoutes(services, chat));
  app.use(docsImportRoutes(services, chat));
  app.use(HttpRoutes.artifacts, artifactDownloadRoutes(services));
  app.use(HttpRoutes.orchestration, orchestrationRoutes(services));
  app.use(HttpRoutes.analytics, analyticsRoutes(services));
  app.use(HttpRoutes.inbox, inboxRoutes(services));
  app.use(HttpRoutes.readMarks, readMarkRoutes(services, chat));

  if (mcp) app.use(HttpRoutes.mcp, mcp);

  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: { code: 'not_found', message: 'No such API route.' } });
  });

  // The browser app, after every API route: its files, and index.html for its own routes.
  app.use(webClientRoutes());

  // Malformed JSON, oversize bodies and anything else thrown by middleware.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? 500;
    const code = status === 413 ? 'too_large' : status < 500 ? 'bad_request' : 'internal';
    const error = code === 'internal' ? toWireError(err) : { code, message: err.type === 'entity.parse.failed' ? 'The body is not valid JSON.' : err.message };
    res.status(status).json({ ok: false, error });
  });

  return app;
}
