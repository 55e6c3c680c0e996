import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { analyticsSince, windowOf } from '../commands/analytics-args.js';
import { code } from '../commands/args.js';
import { HubError, toWireError } from '../errors.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { HTTP_STATUS } from './status-codes.js';

/** The query of GET /api/analytics: the options of /analytics, with the same checks. */
const AnalyticsQuerySchema = z
  .object({
    sprint: code('sprint').optional(),
    since: analyticsSince().optional(),
    wip: z.coerce.number({ error: 'wip must be a number' }).int().min(1).max(100).optional(),
  })
  .strict();

/**
 * GET /api/analytics?sprint=CODE&since=30d&wip=3: what /analytics shows (the web client's
 * Analytics page reads it), for anyone with a token, as the command is.
 */
export function analyticsRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get('/', bearerAuth(services), async (req: Request, res: Response) => {
    try {
      const parsed = AnalyticsQuerySchema.safeParse(req.query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new HubError('invalid_args', `${issue.path.join('.') || 'query'}: ${issue.message}. Use ?sprint=CODE&since=30d&wip=3.`);
      }
      const q = parsed.data;
      const data = await services.analytics.report({ sprint: q.sprint, ...windowOf(q.since), wipLimit: q.wip });
      res.set('Cache-Control', 'no-store');
      res.json({ ok: true, ...data });
    } catch (err) {
      const error = toWireError(err);
      res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
    }
  });
  return router;
}
